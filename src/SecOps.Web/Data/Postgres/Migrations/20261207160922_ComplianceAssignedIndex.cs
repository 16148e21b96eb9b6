using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ComplianceAssignedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Compliance_Assigned",
                table: "Alerts",
                column: "AssigneeName",
                filter: "\"Status\" IN (0, 1, 2) AND \"SuppressedBy\" IS NULL AND \"AssigneeName\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Alerts_Compliance_Assigned",
                table: "Alerts");
        }
    }
}
