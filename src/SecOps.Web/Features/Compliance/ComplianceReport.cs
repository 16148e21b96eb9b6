using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Compliance;

/// <summary>Everything the compliance pages show for one period, computed by <see cref="ComplianceMetrics"/>.</summary>
public sealed record ComplianceReport(MetricPeriod Period, DateTimeOffset ComputedAt)
{
    public required TimeMetric Detect { get; init; }
    public required TimeMetric Acknowledge { get; init; }
    public required TimeMetric Contain { get; init; }
    public required TimeMetric Resolve { get; init; }
    public required SlaMetric AcknowledgeSla { get; init; }
    public required SlaMetric ResolveSla { get; init; }
    public required BacklogMetric Backlog { get; init; }
    public required long Alerts { get; init; }
    public required long Suppressed { get; init; }
    public required long Closed { get; init; }
    public required long FalsePositives { get; init; }
    public double? FalsePositiveRate => Closed == 0 ? null : (double)FalsePositives / Closed;
    public required IReadOnlyList<KeyCount> BySource { get; init; }
    public required IReadOnlyList<KeyCount> ByTactic { get; init; }
    public required IReadOnlyList<KeyCount> ByOwasp { get; init; }
    public required IReadOnlyList<RuleQuality> Rules { get; init; }
    public required IReadOnlyList<RuleQuality> NoisyRules { get; init; }
    public required IReadOnlyList<AnalystCounts> Analysts { get; init; }
    public required IReadOnlyList<DayPoint> Trend { get; init; }
    public required IReadOnlyList<DaySeverityCount> Days { get; init; }
    public required IReadOnlyList<TacticDayCount> TacticDays { get; init; }

    /// <summary>Time taken per playbook version and step (steps closed in the period), in playbook order.</summary>
    public IReadOnlyList<StepTime> Steps { get; init; } = [];

    /// <summary>Time taken per playbook version and phase (phases completed in the period), in playbook order.</summary>
    public IReadOnlyList<PhaseTime> Phases { get; init; } = [];
}

/// <summary>
/// A playbook step's times (one version of the playbook): how long its done tasks took from the playbook's attachment
/// (median, 90th percentile), how many were done by their due time and how many after, and how many were skipped
/// (not timed).
/// </summary>
public sealed record StepTime(string PlaybookKey, string Playbook, int Version, IncidentPhase Phase, string Step, DurationStats Duration, long OnTime, long Late, long Skipped);

/// <summary>
/// A playbook phase's times (one version): from the attachment to its last step closed, for the attachments whose phase
/// was completed with at least one step done; on time when that was by the latest due time of its steps. Phases whose
/// every step was skipped are counted apart, not timed.
/// </summary>
public sealed record PhaseTime(string PlaybookKey, string Playbook, int Version, IncidentPhase Phase, DurationStats Duration, long OnTime, long Late, long Skipped);

/// <summary>One time metric: over all severities and per severity (every severity present, empty ones as <see cref="DurationStats.Empty"/>).</summary>
public sealed record TimeMetric(string Name, DurationStats All, IReadOnlyDictionary<Severity, DurationStats> BySeverity);

public sealed record SlaCounts(long Met, long Missed, long Pending)
{
    /// <summary>Met over decided (met + missed); null when nothing is decided yet.</summary>
    public double? Rate => Met + Missed == 0 ? null : (double)Met / (Met + Missed);
}

public sealed record SlaMetric(SlaCounts All, IReadOnlyDictionary<Severity, SlaCounts> BySeverity);

/// <summary>Queued alerts per severity and age band; band i is younger than <see cref="ComplianceMetrics.AgeBands"/>[i] (the last is older than all).</summary>
public sealed record BacklogMetric(long Total, IReadOnlyDictionary<Severity, long[]> BySeverity)
{
    public long InBand(int band) => BySeverity.Values.Sum(b => b[band]);
}

public sealed record RuleQuality(string? RuleId, string RuleName, long Alerts, long Closed, long FalsePositives, long Suppressed)
{
    public double? FalsePositiveRate => Closed == 0 ? null : (double)FalsePositives / Closed;
}

/// <summary>A day of the trend: alerts raised, and the median and 90th percentile time to acknowledge of those alerts.</summary>
public sealed record DayPoint(DateOnly Day, long Alerts, DurationStats Acknowledge);
