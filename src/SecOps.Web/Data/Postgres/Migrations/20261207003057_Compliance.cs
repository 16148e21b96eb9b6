using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Compliance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Incidents_CreatedAt",
                table: "Incidents",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Compliance",
                table: "Alerts",
                columns: new[] { "AlertTime", "SuppressedBy", "Severity", "EventTime", "AcknowledgedAt", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertTransitions_At",
                table: "AlertTransitions",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Incidents_CreatedAt",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_Compliance",
                table: "Alerts");

            migrationBuilder.DropIndex(
                name: "IX_AlertTransitions_At",
                table: "AlertTransitions");
        }
    }
}
