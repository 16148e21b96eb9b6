using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ComplianceClocksAndIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Incidents_CreatedAt",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_Compliance",
                table: "Alerts");

            migrationBuilder.AddColumn<long>(
                name: "FirstContainedAt",
                table: "Incidents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FirstResolvedAt",
                table: "Incidents",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Compliance",
                table: "Incidents",
                columns: new[] { "CreatedAt", "Severity", "FirstContainedAt", "FirstResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Compliance",
                table: "Alerts",
                columns: new[] { "AlertTime", "SuppressedBy", "Severity", "EventTime", "AcknowledgedAt", "ClosedAt", "Status", "CloseReason", "Source", "RuleId", "RuleName", "MitreTactic" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Compliance_Assigned",
                table: "Alerts",
                column: "AssigneeName",
                filter: "\"Status\" IN (0, 1, 2) AND \"SuppressedBy\" IS NULL AND \"AssigneeName\" IS NOT NULL");

            // The incidents' clocks, filled from their histories, then kept by a trigger.
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.IncidentClockTriggers.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.IncidentClockTriggers.PostgresDown);

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Compliance",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_Compliance",
                table: "Alerts");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_Compliance_Assigned",
                table: "Alerts");

            migrationBuilder.DropColumn(
                name: "FirstContainedAt",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "FirstResolvedAt",
                table: "Incidents");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_CreatedAt",
                table: "Incidents",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Compliance",
                table: "Alerts",
                columns: new[] { "AlertTime", "SuppressedBy", "Severity", "EventTime", "AcknowledgedAt", "ClosedAt" });
        }
    }
}
