using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Compliance;

public sealed partial class ComplianceQueries
{
    /// <summary>
    /// Time to containment and to resolution of the incidents created in the period, per severity, in
    /// <see cref="DurationBuckets"/>: from the first entry into containment and the first resolution of the incident's
    /// own history (the phase and status changes <see cref="Incidents.IncidentEditing"/> records), which the store's
    /// triggers keep on the incident (<see cref="IncidentClockTriggers"/>). An incident that skipped containment has no
    /// MTTC; one still open has no MTTR; a clock before the creation (an imported history) counts for neither.
    /// </summary>
    internal static async Task<(IReadOnlyList<DurationCount> Contain, IReadOnlyList<DurationCount> Resolve)> IncidentDurationsAsync(
        SecOpsDbContext db, MetricPeriod period, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<IncidentDurationRow>(IncidentDurations(period.From.UtcTicks, period.To.UtcTicks)).ToListAsync(cancellationToken);
        IReadOnlyList<DurationCount> Of(int kind) =>
            [.. rows.Where(r => r.Kind == kind).Select(r => new DurationCount((Severity)r.Severity, 0, DurationBuckets.Representative(r.Lower), r.Count))];
        return (Of(0), Of(1));
    }

    private static FormattableString IncidentDurations(long from, long to)
    {
        string Select(int kind, string end) => $"""
            SELECT {kind} AS "Kind", "Severity", {DurationBuckets.LowerSql("\"Seconds\"")} AS "Lower", COUNT(*) AS "Count"
            FROM (SELECT "Severity", ("{end}" - "CreatedAt") / {TimeSpan.TicksPerSecond} AS "Seconds" FROM "Incidents"
                  WHERE "CreatedAt" >= {"{0}"} AND "CreatedAt" < {"{1}"} AND "{end}" >= "CreatedAt") q
            GROUP BY 2, 3
            """;
        return System.Runtime.CompilerServices.FormattableStringFactory.Create(
            Select(0, "FirstContainedAt") + "\nUNION ALL\n" + Select(1, "FirstResolvedAt"), from, to);
    }

    private sealed record IncidentDurationRow(int Kind, int Severity, long Lower, long Count);
}
