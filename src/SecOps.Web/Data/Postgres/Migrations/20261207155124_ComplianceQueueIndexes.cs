using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ComplianceQueueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Compliance_Assigned",
                table: "Alerts",
                column: "AssigneeName",
                filter: "\"Status\" IN (0, 1, 2) AND \"SuppressedBy\" IS NULL AND \"AssigneeName\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Compliance_Queue",
                table: "Alerts",
                columns: new[] { "AlertTime", "Severity" },
                filter: "\"Status\" IN (0, 1, 2) AND \"SuppressedBy\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Alerts_Compliance_Assigned",
                table: "Alerts");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_Compliance_Queue",
                table: "Alerts");
        }
    }
}
