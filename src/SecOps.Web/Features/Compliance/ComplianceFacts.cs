using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// What the store hands the metric engine for one period: grouped counts and durations, never one row per alert, so the
/// same engine serves a test's five alerts and a store's million. Days are UTC day numbers (ticks / ticks per day).
/// </summary>
public sealed record ComplianceFacts
{
    /// <summary>Event time to alert time, per severity, day and whole second.</summary>
    public IReadOnlyList<DurationCount> Detect { get; init; } = [];

    /// <summary>Alert time to the first acknowledgement (any move out of open).</summary>
    public IReadOnlyList<DurationCount> Acknowledge { get; init; } = [];

    /// <summary>
    /// Alert time to the first acknowledgement per day, for the daily trend, when <see cref="Acknowledge"/> does not keep
    /// its days apart (the store sums whole days in SQL and marks those rows <see cref="AllDays"/>).
    /// </summary>
    public IReadOnlyList<DurationCount>? AcknowledgeByDay { get; init; }

    /// <summary>The day of a duration row summed over several days.</summary>
    public const long AllDays = -1;

    /// <summary>Alert time to closing.</summary>
    public IReadOnlyList<DurationCount> Close { get; init; } = [];

    /// <summary>Alerts of the period not yet acknowledged / closed, and how many of those are past their SLA deadline.</summary>
    public IReadOnlyList<UnfinishedCount> Unfinished { get; init; } = [];

    /// <summary>Queued alerts (not closed, not suppressed) of any time, per severity and age band (see <see cref="ComplianceMetrics.AgeBands"/>).</summary>
    public IReadOnlyList<BacklogCount> Backlog { get; init; } = [];

    public IReadOnlyList<IncidentTimes> Incidents { get; init; } = [];

    /// <summary>
    /// Time to containment / resolution of the period's incidents, grouped by the store per day of creation; when
    /// given, they stand for <see cref="Incidents"/>' clocks.
    /// </summary>
    public IReadOnlyList<DurationCount>? Contain { get; init; }

    public IReadOnlyList<DurationCount>? Resolve { get; init; }

    /// <summary>
    /// Every task of each attached playbook that had a step closed (done or skipped) in the period, open ones included,
    /// so a phase's completion (its last step closed) can be told.
    /// </summary>
    public IReadOnlyList<StepSpan> Steps { get; init; } = [];
    public IReadOnlyList<KeyCount> BySource { get; init; } = [];
    public IReadOnlyList<KeyCount> ByTactic { get; init; } = [];
    public IReadOnlyList<RuleCounts> Rules { get; init; } = [];
    public IReadOnlyList<DaySeverityCount> Days { get; init; } = [];
    public IReadOnlyList<TacticDayCount> TacticDays { get; init; } = [];
    public IReadOnlyList<AnalystCounts> Analysts { get; init; } = [];
}

/// <summary>
/// Durations of one length (whole seconds) on one day. <see cref="WithinTarget"/> says whether they met the SLA target
/// when the store decided it (its durations are bucket middles, see <see cref="DurationBuckets"/>, so it decides against
/// the exact duration); null: compare <see cref="Seconds"/> with the target.
/// </summary>
public sealed record DurationCount(Severity Severity, long Day, long Seconds, long Count, bool? WithinTarget = null);

public sealed record UnfinishedCount(Severity Severity, long Unacknowledged, long UnacknowledgedOverdue, long Unclosed, long UnclosedOverdue);

public sealed record BacklogCount(Severity Severity, int Band, long Count);

/// <summary>An incident's clock: created, first entry into containment (null if it never entered it), first resolution.</summary>
public sealed record IncidentTimes(long Id, Severity Severity, DateTimeOffset CreatedAt, DateTimeOffset? ContainedAt, DateTimeOffset? ResolvedAt);

public sealed record KeyCount(string Key, long Count);

/// <summary>Per rule in the period: alerts raised (suppressed included), closed, closed as false positive, suppressed.</summary>
public sealed record RuleCounts(string? RuleId, string RuleName, long Alerts, long Closed, long FalsePositives, long Suppressed);

public sealed record DaySeverityCount(long Day, Severity Severity, long Count);

public sealed record TacticDayCount(string Tactic, long Day, long Count);

/// <summary>Per analyst: alerts acknowledged and closed in the period (from the transition history), and open alerts assigned now.</summary>
public sealed record AnalystCounts(string Analyst, long Acknowledged, long Closed, long Assigned);

/// <summary>
/// One playbook step worked on an incident: the attachment it belongs to (<paramref name="Run"/>), the playbook version
/// and the step's phase and place in it, when its task began (the attachment: tasks are created then), was due and was
/// closed (null while open).
/// </summary>
public sealed record StepSpan(long Run, string PlaybookKey, string Playbook, int Version, IncidentPhase Phase, int Position, string Step,
    DateTimeOffset Started, DateTimeOffset Due, DateTimeOffset? Closed, bool Skipped);
