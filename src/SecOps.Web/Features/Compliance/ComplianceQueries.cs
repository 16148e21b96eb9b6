using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// Reads the facts behind the compliance metrics from the store, grouped in SQL (counts per day, severity, rule, source
/// and tactic; durations as per-day histograms in <see cref="DurationBuckets"/>, never a row per alert), and hands them
/// to <see cref="ComplianceMetrics"/>. On SQLite a period's whole days are summed from the day aggregates the triggers
/// keep (<see cref="ComplianceAggregates"/>) and only the days it cuts are read from the alerts; PostgreSQL groups the
/// alerts with the same SQL (<see cref="ComplianceSql"/>), so both give the same figures. Times are UTC ticks on both.
/// Suppressed alerts count in volumes and rule quality; the time, SLA and backlog figures cover queued alerts only.
/// </summary>
public sealed partial class ComplianceQueries(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, SharedAggregates aggregates, ComplianceMetrics metrics)
{
    /// <summary>This period's report and the previous period's, for comparison.</summary>
    public sealed record Snapshot(ComplianceReport Current, ComplianceReport Previous);

    public async Task<Snapshot> LoadAsync(Actor actor, ComplianceRange range, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.MetricsRead, "compliance.read", null, cancellationToken);
        return await ComputeAsync(range, cancellationToken);
    }

    /// <summary>
    /// The live snapshot for a range, shared by every page watching the same range and recomputed at most once per
    /// aggregate interval while alerts or incidents change. The permission is checked before anything is handed out.
    /// </summary>
    public async Task<AggregateWatch<Snapshot>> WatchAsync(Actor actor, ComplianceRange range, Action<Snapshot> onChanged, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.MetricsRead, "compliance.read", null, cancellationToken);
        return Watch(range, onChanged);
    }

    /// <summary>
    /// The headline tiles of the landing page (<c>/</c>) for everyone who reads alerts: the same shared snapshot as the
    /// compliance page's default range, so no figure is computed a second time. Only the tiles are shown from it.
    /// </summary>
    public async Task<AggregateWatch<Snapshot>> WatchHeadlineAsync(Actor actor, Action<Snapshot> onChanged, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "overview.metrics", null, cancellationToken);
        return Watch(ComplianceRange.Default, onChanged);
    }

    private AggregateWatch<Snapshot> Watch(ComplianceRange range, Action<Snapshot> onChanged) =>
        aggregates.Watch("compliance:" + range.Key, ct => ComputeAsync(range, ct), onChanged);

    private async Task<Snapshot> ComputeAsync(ComplianceRange range, CancellationToken cancellationToken)
    {
        var now = metrics.Time.GetUtcNow();
        var period = range.Resolve(now);
        var currentFacts = await FactsAsync(period, now, cancellationToken);
        // The backlog and the assignments are the queue now, the same for both periods: read once.
        var previousFacts = await FactsAsync(period.Previous, now, useAggregates: true, cancellationToken, currentFacts);
        var current = metrics.Compute(period, currentFacts, now);
        var previous = metrics.Compute(period.Previous, previousFacts, now);
        return new Snapshot(current, previous);
    }

    public Task<ComplianceFacts> FactsAsync(MetricPeriod period, DateTimeOffset now, CancellationToken cancellationToken) =>
        FactsAsync(period, now, useAggregates: true, cancellationToken);

    /// <param name="useAggregates">False reads every figure from the alerts even where day aggregates exist (tests compare the two).</param>
    /// <param name="queueNow">Facts read at the same <paramref name="now"/> whose backlog and assignments are reused.</param>
    internal async Task<ComplianceFacts> FactsAsync(MetricPeriod period, DateTimeOffset now, bool useAggregates, CancellationToken cancellationToken, ComplianceFacts? queueNow = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(2));
        var from = period.From.UtcTicks;
        var to = period.To.UtcTicks;
        var cut = metrics.Cutoffs(now);
        var plan = DayPlan.Of(from, to, useAggregates && db.HasComplianceAggregates);
        var (acknowledgeTargets, resolveTargets) = ComplianceAggregates.Targets(metrics.Sla);

        // Whole days of the period from the day rows, whole hours from the hour rows, the cut hours' parts from the alerts:
        // the same rows either way.
        var durations = new List<DurationRow>();
        var acknowledgeByDay = new List<DurationRow>();
        var alertDays = new List<AlertDayRow>();
        if (plan.HasWholeDays)
        {
            // Summed over the whole days in SQL (tens of thousands of day rows would otherwise cross into .NET); the
            // trend's per-day acknowledgement times come apart, summed over severities.
            durations.AddRange(await db.Database.SqlQuery<DurationRow>($"""
                SELECT {ComplianceFacts.AllDays} AS "Day", "Kind", "Severity", "Lower", "WithinTarget", SUM("Count") AS "Count" FROM "ComplianceDurationDays"
                WHERE "Day" >= {plan.FirstDay} AND "Day" < {plan.EndDay}
                GROUP BY "Kind", "Severity", "Lower", "WithinTarget"
                """).ToListAsync(cancellationToken));
            acknowledgeByDay.AddRange(await db.Database.SqlQuery<DurationRow>($"""
                SELECT "Day", 1 AS "Kind", 0 AS "Severity", "Lower", 0 AS "WithinTarget", SUM("Count") AS "Count" FROM "ComplianceDurationDays"
                WHERE "Day" >= {plan.FirstDay} AND "Day" < {plan.EndDay} AND "Kind" = 1
                GROUP BY "Day", "Lower"
                """).ToListAsync(cancellationToken));
            alertDays.AddRange(await db.Database.SqlQuery<AlertDayRow>(ComplianceSql.StoredAlertDays(plan.FirstDay, plan.EndDay)).ToListAsync(cancellationToken));
        }
        foreach (var (hoursFrom, hoursTo) in plan.Hours)
        {
            durations.AddRange(await db.Database.SqlQuery<DurationRow>(ComplianceSql.StoredDurationHours(hoursFrom, hoursTo)).ToListAsync(cancellationToken));
            alertDays.AddRange(await db.Database.SqlQuery<AlertDayRow>(ComplianceSql.StoredAlertHours(hoursFrom, hoursTo)).ToListAsync(cancellationToken));
        }
        foreach (var (pieceFrom, pieceTo) in plan.Pieces)
        {
            durations.AddRange(await db.Database.SqlQuery<DurationRow>(ComplianceSql.Durations(pieceFrom, pieceTo, acknowledgeTargets, resolveTargets)).ToListAsync(cancellationToken));
            alertDays.AddRange(await db.Database.SqlQuery<AlertDayRow>(ComplianceSql.AlertDays(pieceFrom, pieceTo)).ToListAsync(cancellationToken));
        }
        var unfinished = await UnfinishedAsync(db, plan, alertDays, cut, cancellationToken);
        var backlog = queueNow?.Backlog ?? await BacklogAsync(db, plan.Aggregated, cut, cancellationToken);
        var transitions = await db.Database.SqlQuery<AnalystRow>($"""
            SELECT "ActorName" AS "Analyst",
                   SUM(CASE WHEN "FromStatus" = 0 AND "ToStatus" <> 0 THEN 1 ELSE 0 END) AS "Acknowledged",
                   SUM(CASE WHEN "ToStatus" = 3 AND "FromStatus" <> 3 THEN 1 ELSE 0 END) AS "Closed"
            FROM "AlertTransitions" WHERE "At" >= {from} AND "At" < {to}
            GROUP BY "ActorName"
            """).ToListAsync(cancellationToken);
        // SQLite would rather walk the board's status index and read every queued row; the assignee index holds only these.
        List<KeyRow> assigned = queueNow is not null
            ? [.. queueNow.Analysts.Where(a => a.Assigned != 0).Select(a => new KeyRow(a.Analyst, a.Assigned))]
            : await (db.Database.IsSqlite()
            ? db.Database.SqlQuery<KeyRow>($"""
                SELECT "AssigneeName" AS "Key", COUNT(*) AS "Count" FROM "Alerts" INDEXED BY "IX_Alerts_Compliance_Assigned"
                WHERE "Status" IN (0, 1, 2) AND "SuppressedBy" IS NULL AND "AssigneeName" IS NOT NULL
                GROUP BY "AssigneeName"
                """)
            : db.Database.SqlQuery<KeyRow>($"""
                SELECT "AssigneeName" AS "Key", COUNT(*) AS "Count" FROM "Alerts"
                WHERE "Status" IN (0, 1, 2) AND "SuppressedBy" IS NULL AND "AssigneeName" IS NOT NULL
                GROUP BY "AssigneeName"
                """)).ToListAsync(cancellationToken);
        var (contain, resolve) = await IncidentDurationsAsync(db, plan, cancellationToken);
        var steps = await StepSpansAsync(db, period, null, cancellationToken);

        var analysts = transitions.Select(t => t.Analyst).Concat(assigned.Select(a => a.Key)).Distinct(StringComparer.Ordinal)
            .Select(name => new AnalystCounts(name,
                transitions.Where(t => t.Analyst == name).Sum(t => t.Acknowledged),
                transitions.Where(t => t.Analyst == name).Sum(t => t.Closed),
                assigned.Where(a => a.Key == name).Sum(a => a.Count)))
            .Where(a => a.Acknowledged + a.Closed + a.Assigned > 0)
            .ToList();
        var queued = alertDays.Where(d => d.Suppressed == 0).ToList();
        var tacticDays = queued.GroupBy(d => (d.Tactic, d.Day)).Select(g => new TacticDayCount(g.Key.Tactic, g.Key.Day, g.Sum(d => d.Alerts))).Where(t => t.Count != 0).ToList();
        DurationCount[] Kind(int kind) => [.. durations.Where(d => d.Kind == kind && d.Count != 0)
            .Select(d => new DurationCount((Severity)d.Severity, d.Day, DurationBuckets.Representative(d.Lower), d.Count, kind == 0 ? null : d.WithinTarget != 0))];
        var acknowledge = Kind(ComplianceSql.Acknowledge.Kind);
        return new ComplianceFacts
        {
            Detect = Kind(ComplianceSql.Detect.Kind),
            Acknowledge = acknowledge,
            // Whole days summed: the trend reads their day rows, and the cut days' rows as they are.
            AcknowledgeByDay = plan.HasWholeDays
                ? [.. acknowledgeByDay.Where(d => d.Count != 0).Select(d => new DurationCount(Severity.Low /* summed over severities */, d.Day, DurationBuckets.Representative(d.Lower), d.Count)),
                   .. acknowledge.Where(d => d.Day != ComplianceFacts.AllDays)]
                : null,
            Close = Kind(ComplianceSql.Close.Kind),
            Unfinished = unfinished,
            Backlog = backlog,
            Contain = contain,
            Resolve = resolve,
            Steps = steps,
            BySource = [.. alertDays.GroupBy(d => d.Source).Select(g => new KeyCount(g.Key, g.Sum(d => d.Alerts))).Where(k => k.Count != 0)],
            ByTactic = [.. tacticDays.GroupBy(t => t.Tactic).Select(g => new KeyCount(g.Key, g.Sum(t => t.Count)))],
            Rules = [.. alertDays.GroupBy(d => (d.RuleId, d.RuleName))
                .Select(g => new RuleCounts(g.Key.RuleId == "" ? null : g.Key.RuleId, g.Key.RuleName, g.Sum(d => d.Alerts), g.Sum(d => d.Closed), g.Sum(d => d.FalsePositives), g.Where(d => d.Suppressed != 0).Sum(d => d.Alerts)))
                .Where(r => r.Alerts != 0)],
            Days = [.. queued.GroupBy(d => (d.Day, d.Severity)).Select(g => new DaySeverityCount(g.Key.Day, (Severity)g.Key.Severity, g.Sum(d => d.Alerts))).Where(d => d.Count != 0)],
            TacticDays = tacticDays,
            Analysts = analysts,
        };
    }

    private sealed record DurationRow(long Day, int Kind, int Severity, long Lower, int WithinTarget, long Count);

    private sealed record AlertDayRow(long Day, int Severity, int Suppressed, string Source, string RuleId, string RuleName, string Tactic,
        long Alerts, long Closed, long FalsePositives, long Unacknowledged, long Unclosed, long Queued);

    private sealed record UnfinishedRow(int Severity, long Unacknowledged, long UnacknowledgedOverdue, long Unclosed, long UnclosedOverdue);

    private sealed record BacklogRow(int Severity, long Band, long Count);

    private sealed record DayQueueRow(long Day, int Severity, long Queued);

    private sealed record QueueHourRow(long Hour, int Severity, long Unacknowledged, long Unclosed, long Queued);

    private sealed record KeyRow(string Key, long Count);

    private sealed record AnalystRow(string Analyst, long Acknowledged, long Closed);
}
