using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ComplianceDayAggregates : Migration
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FirstResolvedAt",
                table: "Incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ComplianceAlertDays",
                columns: table => new
                {
                    Day = table.Column<long>(type: "INTEGER", nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    Suppressed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", nullable: false),
                    RuleName = table.Column<string>(type: "TEXT", nullable: false),
                    Tactic = table.Column<string>(type: "TEXT", nullable: false),
                    Alerts = table.Column<long>(type: "INTEGER", nullable: false),
                    Closed = table.Column<long>(type: "INTEGER", nullable: false),
                    FalsePositives = table.Column<long>(type: "INTEGER", nullable: false),
                    Unacknowledged = table.Column<long>(type: "INTEGER", nullable: false),
                    Unclosed = table.Column<long>(type: "INTEGER", nullable: false),
                    Queued = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceAlertDays", x => new { x.Day, x.Severity, x.Suppressed, x.Source, x.RuleId, x.RuleName, x.Tactic });
                });

            migrationBuilder.CreateTable(
                name: "ComplianceDurationDays",
                columns: table => new
                {
                    Day = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    Lower = table.Column<long>(type: "INTEGER", nullable: false),
                    WithinTarget = table.Column<bool>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceDurationDays", x => new { x.Day, x.Kind, x.Severity, x.Lower, x.WithinTarget });
                });

            migrationBuilder.CreateTable(
                name: "ComplianceIncidentDays",
                columns: table => new
                {
                    Day = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    Lower = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceIncidentDays", x => new { x.Day, x.Kind, x.Severity, x.Lower });
                });

            migrationBuilder.CreateTable(
                name: "ComplianceSlaTargets",
                columns: table => new
                {
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    AcknowledgeSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolveSeconds = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceSlaTargets", x => x.Severity);
                });

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

            // The incidents' clocks are filled from their histories here; the day rows at start
            // (ComplianceAggregates.SyncAsync), once the SLA targets are known.
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.ComplianceAggregates.SqliteUp());
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.IncidentClockTriggers.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.ComplianceAggregates.SqliteDown);
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.IncidentClockTriggers.SqliteDown);

            migrationBuilder.DropTable(
                name: "ComplianceAlertDays");

            migrationBuilder.DropTable(
                name: "ComplianceDurationDays");

            migrationBuilder.DropTable(
                name: "ComplianceIncidentDays");

            migrationBuilder.DropTable(
                name: "ComplianceSlaTargets");

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
