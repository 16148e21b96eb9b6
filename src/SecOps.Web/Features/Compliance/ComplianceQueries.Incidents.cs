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
    /// MTTC; one still open has no MTTR; a clock before the creation (an imported history) counts for neither. Whole
    /// days come from SQLite's day rows (<see cref="ComplianceIncidentDay"/>), the rest from the incidents.
    /// </summary>
    internal static async Task<(IReadOnlyList<DurationCount> Contain, IReadOnlyList<DurationCount> Resolve)> IncidentDurationsAsync(
        SecOpsDbContext db, MetricPeriod period, CancellationToken cancellationToken) =>
        await IncidentDurationsAsync(db, DayPlan.Of(period.From.UtcTicks, period.To.UtcTicks, db.HasComplianceAggregates), cancellationToken);

    private static async Task<(IReadOnlyList<DurationCount> Contain, IReadOnlyList<DurationCount> Resolve)> IncidentDurationsAsync(
        SecOpsDbContext db, DayPlan plan, CancellationToken cancellationToken)
    {
        var rows = new List<IncidentDurationRow>();
        if (plan.HasWholeDays)
        {
            rows.AddRange(await db.Database.SqlQuery<IncidentDurationRow>($"""
                SELECT "Day", "Kind", "Severity", "Lower", "Count" FROM "ComplianceIncidentDays"
                WHERE "Day" >= {plan.FirstDay} AND "Day" < {plan.EndDay} AND "Count" <> 0
                """).ToListAsync(cancellationToken));
        }
        // No hour rows for incidents (a few thousand a day, read over their covering index): hours and pieces alike.
        foreach (var (from, to) in Merge(plan.Hours.Concat(plan.Pieces)))
        {
            rows.AddRange(await db.Database.SqlQuery<IncidentDurationRow>(ComplianceSql.IncidentDurations(from, to)).ToListAsync(cancellationToken));
        }
        IReadOnlyList<DurationCount> Of(int kind) =>
            [.. rows.Where(r => r.Kind == kind).Select(r => new DurationCount((Severity)r.Severity, r.Day, DurationBuckets.Representative(r.Lower), r.Count))];
        return (Of(0), Of(1));
    }

    private sealed record IncidentDurationRow(long Day, int Kind, int Severity, long Lower, long Count);
}
