using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AutomationFiringsRateLimit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "OverLimit",
                table: "AutomationFirings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_AutomationFirings_Rule_ClaimedAt",
                table: "AutomationFirings",
                columns: new[] { "Rule", "ClaimedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AutomationFirings_Rule_ClaimedAt",
                table: "AutomationFirings");

            migrationBuilder.DropColumn(
                name: "OverLimit",
                table: "AutomationFirings");
        }
    }
}
