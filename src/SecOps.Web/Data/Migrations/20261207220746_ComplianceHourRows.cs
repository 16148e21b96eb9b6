using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <summary>
    /// Hour rows beside the day rows in the compliance aggregates (keys below 0, see ComplianceSql.HourKey): the triggers
    /// are re-created to write both, and the stored SLA targets are cleared so the next start rebuilds every row, days
    /// and hours, from the alerts (ComplianceAggregates.SyncAsync). Down re-creates the triggers for day rows only (the
    /// earlier code reads every row of the day tables as a day) and drops the hour rows.
    /// </summary>
    public partial class ComplianceHourRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.ComplianceAggregates.SqliteDown);
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.ComplianceAggregates.SqliteUp());
            migrationBuilder.Sql("""DELETE FROM "ComplianceSlaTargets";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.ComplianceAggregates.SqliteDown);
            migrationBuilder.Sql(SecOps.Web.Features.Compliance.ComplianceAggregates.SqliteUp(hours: false));
            migrationBuilder.Sql("""DELETE FROM "ComplianceAlertDays" WHERE "Day" < 0; DELETE FROM "ComplianceDurationDays" WHERE "Day" < 0;""");
        }
    }
}
