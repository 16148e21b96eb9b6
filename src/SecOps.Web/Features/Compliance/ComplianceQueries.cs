using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// Reads the facts behind the compliance metrics from the store, aggregated in SQL (grouped counts and whole-second
/// duration histograms, never a row per alert) over the period indexes, and hands them to <see cref="ComplianceMetrics"/>.
/// Times are stored as UTC ticks on both providers, so the same parameterised SQL runs on SQLite and PostgreSQL.
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
        var current = metrics.Compute(period, await FactsAsync(period, now, cancellationToken), now);
        var previous = metrics.Compute(period.Previous, await FactsAsync(period.Previous, now, cancellationToken), now);
        return new Snapshot(current, previous);
    }

    public async Task<ComplianceFacts> FactsAsync(MetricPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = period.From.UtcTicks;
        var to = period.To.UtcTicks;
        var cut = metrics.Cutoffs(now);
        long A(Severity s) => cut.Acknowledge[s].UtcTicks;
        long R(Severity s) => cut.Resolve[s].UtcTicks;
        const long day = TimeSpan.TicksPerDay;
        const long second = TimeSpan.TicksPerSecond;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(2));

        var detect = await db.Database.SqlQuery<DurationRow>($"""
            SELECT "Severity", "AlertTime" / {day} AS "Day",
                   CASE WHEN "EventTime" > "AlertTime" THEN 0 ELSE ("AlertTime" - "EventTime") / {second} END AS "Seconds", COUNT(*) AS "Count"
            FROM "Alerts" WHERE "AlertTime" >= {from} AND "AlertTime" < {to} AND "SuppressedBy" IS NULL
            GROUP BY 1, 2, 3
            """).ToListAsync(cancellationToken);
        var acknowledge = await db.Database.SqlQuery<DurationRow>($"""
            SELECT "Severity", "AlertTime" / {day} AS "Day",
                   CASE WHEN "AlertTime" > "AcknowledgedAt" THEN 0 ELSE ("AcknowledgedAt" - "AlertTime") / {second} END AS "Seconds", COUNT(*) AS "Count"
            FROM "Alerts" WHERE "AlertTime" >= {from} AND "AlertTime" < {to} AND "SuppressedBy" IS NULL AND "AcknowledgedAt" IS NOT NULL
            GROUP BY 1, 2, 3
            """).ToListAsync(cancellationToken);
        var close = await db.Database.SqlQuery<DurationRow>($"""
            SELECT "Severity", "AlertTime" / {day} AS "Day",
                   CASE WHEN "AlertTime" > "ClosedAt" THEN 0 ELSE ("ClosedAt" - "AlertTime") / {second} END AS "Seconds", COUNT(*) AS "Count"
            FROM "Alerts" WHERE "AlertTime" >= {from} AND "AlertTime" < {to} AND "SuppressedBy" IS NULL AND "ClosedAt" IS NOT NULL
            GROUP BY 1, 2, 3
            """).ToListAsync(cancellationToken);
        var unfinished = await db.Database.SqlQuery<UnfinishedRow>($"""
            SELECT "Severity",
                   SUM(CASE WHEN "AcknowledgedAt" IS NULL THEN 1 ELSE 0 END) AS "Unacknowledged",
                   SUM(CASE WHEN "AcknowledgedAt" IS NULL AND "AlertTime" < (CASE "Severity" WHEN 1 THEN {A(Severity.Low)} WHEN 2 THEN {A(Severity.Medium)} WHEN 3 THEN {A(Severity.High)} ELSE {A(Severity.Critical)} END) THEN 1 ELSE 0 END) AS "UnacknowledgedOverdue",
                   SUM(CASE WHEN "ClosedAt" IS NULL THEN 1 ELSE 0 END) AS "Unclosed",
                   SUM(CASE WHEN "ClosedAt" IS NULL AND "AlertTime" < (CASE "Severity" WHEN 1 THEN {R(Severity.Low)} WHEN 2 THEN {R(Severity.Medium)} WHEN 3 THEN {R(Severity.High)} ELSE {R(Severity.Critical)} END) THEN 1 ELSE 0 END) AS "UnclosedOverdue"
            FROM "Alerts" WHERE "AlertTime" >= {from} AND "AlertTime" < {to} AND "SuppressedBy" IS NULL AND "ClosedAt" IS NULL
            GROUP BY "Severity"
            """).ToListAsync(cancellationToken);
        var b = cut.AgeBands.Select(t => t.UtcTicks).ToArray();
        var backlog = await db.Database.SqlQuery<BacklogRow>($"""
            SELECT "Severity", CASE WHEN "AlertTime" >= {b[0]} THEN 0 WHEN "AlertTime" >= {b[1]} THEN 1 WHEN "AlertTime" >= {b[2]} THEN 2 WHEN "AlertTime" >= {b[3]} THEN 3 ELSE 4 END AS "Band", COUNT(*) AS "Count"
            FROM "Alerts" WHERE "Status" IN (0, 1, 2) AND "SuppressedBy" IS NULL
            GROUP BY 1, 2
            """).ToListAsync(cancellationToken);
        var rules = await db.Database.SqlQuery<RuleRow>($"""
            SELECT "RuleId", "RuleName", COUNT(*) AS "Alerts",
                   SUM(CASE WHEN "Status" = 3 THEN 1 ELSE 0 END) AS "Closed",
                   SUM(CASE WHEN "Status" = 3 AND "CloseReason" = 2 THEN 1 ELSE 0 END) AS "FalsePositives",
                   SUM(CASE WHEN "SuppressedBy" IS NOT NULL THEN 1 ELSE 0 END) AS "Suppressed"
            FROM "Alerts" WHERE "AlertTime" >= {from} AND "AlertTime" < {to}
            GROUP BY "RuleId", "RuleName"
            """).ToListAsync(cancellationToken);
        var sources = await db.Database.SqlQuery<KeyRow>($"""
            SELECT "Source" AS "Key", COUNT(*) AS "Count" FROM "Alerts" WHERE "AlertTime" >= {from} AND "AlertTime" < {to} GROUP BY "Source"
            """).ToListAsync(cancellationToken);
        var days = await db.Database.SqlQuery<DayRow>($"""
            SELECT "AlertTime" / {day} AS "Day", "Severity", COUNT(*) AS "Count"
            FROM "Alerts" WHERE "AlertTime" >= {from} AND "AlertTime" < {to} AND "SuppressedBy" IS NULL
            GROUP BY 1, 2
            """).ToListAsync(cancellationToken);
        var tacticDays = await db.Database.SqlQuery<TacticDayRow>($"""
            SELECT COALESCE("MitreTactic", {ComplianceMetrics.NoTactic}) AS "Tactic", "AlertTime" / {day} AS "Day", COUNT(*) AS "Count"
            FROM "Alerts" WHERE "AlertTime" >= {from} AND "AlertTime" < {to} AND "SuppressedBy" IS NULL
            GROUP BY 1, 2
            """).ToListAsync(cancellationToken);
        var transitions = await db.Database.SqlQuery<AnalystRow>($"""
            SELECT "ActorName" AS "Analyst",
                   SUM(CASE WHEN "FromStatus" = 0 AND "ToStatus" <> 0 THEN 1 ELSE 0 END) AS "Acknowledged",
                   SUM(CASE WHEN "ToStatus" = 3 AND "FromStatus" <> 3 THEN 1 ELSE 0 END) AS "Closed"
            FROM "AlertTransitions" WHERE "At" >= {from} AND "At" < {to}
            GROUP BY "ActorName"
            """).ToListAsync(cancellationToken);
        var assigned = await db.Database.SqlQuery<KeyRow>($"""
            SELECT "AssigneeName" AS "Key", COUNT(*) AS "Count" FROM "Alerts"
            WHERE "Status" IN (0, 1, 2) AND "SuppressedBy" IS NULL AND "AssigneeName" IS NOT NULL
            GROUP BY "AssigneeName"
            """).ToListAsync(cancellationToken);
        var incidents = await IncidentTimesAsync(db, period, cancellationToken);
        var steps = await db.IncidentTasks
            .Where(t => t.State != TaskState.Open && t.ClosedAt >= period.From && t.ClosedAt < period.To)
            .Join(db.IncidentPlaybooks, t => t.IncidentPlaybookId, p => p.Id, (t, p) => new { p.PlaybookName, t.Position, t.Title, p.AttachedAt, t.DueAt, t.ClosedAt, t.State })
            .ToListAsync(cancellationToken);

        var analysts = transitions.Select(t => t.Analyst).Concat(assigned.Select(a => a.Key)).Distinct(StringComparer.Ordinal)
            .Select(name => new AnalystCounts(name,
                transitions.Where(t => t.Analyst == name).Sum(t => t.Acknowledged),
                transitions.Where(t => t.Analyst == name).Sum(t => t.Closed),
                assigned.Where(a => a.Key == name).Sum(a => a.Count)))
            .Where(a => a.Acknowledged + a.Closed + a.Assigned > 0)
            .ToList();
        return new ComplianceFacts
        {
            Detect = [.. detect.Select(d => d.ToCount())],
            Acknowledge = [.. acknowledge.Select(d => d.ToCount())],
            Close = [.. close.Select(d => d.ToCount())],
            Unfinished = [.. unfinished.Select(u => new UnfinishedCount((Severity)u.Severity, u.Unacknowledged, u.UnacknowledgedOverdue, u.Unclosed, u.UnclosedOverdue))],
            Backlog = [.. backlog.Select(r => new BacklogCount((Severity)r.Severity, (int)r.Band, r.Count))],
            Incidents = incidents,
            Steps = [.. steps.Select(t => new StepSpan(t.PlaybookName, t.Position, t.Title, t.AttachedAt, t.DueAt, t.ClosedAt!.Value, t.State == TaskState.Skipped))],
            BySource = [.. sources.Select(s => new KeyCount(s.Key, s.Count))],
            ByTactic = [.. tacticDays.GroupBy(t => t.Tactic).Select(g => new KeyCount(g.Key, g.Sum(t => t.Count)))],
            Rules = [.. rules.Select(r => new RuleCounts(r.RuleId, r.RuleName, r.Alerts, r.Closed, r.FalsePositives, r.Suppressed))],
            Days = [.. days.Select(d => new DaySeverityCount(d.Day, (Severity)d.Severity, d.Count))],
            TacticDays = [.. tacticDays.Select(t => new TacticDayCount(t.Tactic, t.Day, t.Count))],
            Analysts = analysts,
        };
    }

    private sealed record DurationRow(int Severity, long Day, long Seconds, long Count)
    {
        public DurationCount ToCount() => new((Severity)Severity, Day, Seconds, Count);
    }

    private sealed record UnfinishedRow(int Severity, long Unacknowledged, long UnacknowledgedOverdue, long Unclosed, long UnclosedOverdue);

    private sealed record BacklogRow(int Severity, long Band, long Count);

    private sealed record RuleRow(string? RuleId, string RuleName, long Alerts, long Closed, long FalsePositives, long Suppressed);

    private sealed record KeyRow(string Key, long Count);

    private sealed record DayRow(long Day, int Severity, long Count);

    private sealed record TacticDayRow(string Tactic, long Day, long Count);

    private sealed record AnalystRow(string Analyst, long Acknowledged, long Closed);
}
