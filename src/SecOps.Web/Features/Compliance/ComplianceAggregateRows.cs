using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// Alerts raised on one UTC day with one severity, suppression state, source, rule and tactic, and how many of them are
/// closed, closed as false positives, not yet acknowledged, not yet closed and still queued: the period counts of
/// <see cref="ComplianceQueries"/> summed from a day's few rows instead of its alerts. SQLite only, kept by triggers
/// (<see cref="ComplianceAggregates"/>). A null rule id is stored as '' and a null tactic as <see cref="ComplianceMetrics.NoTactic"/>
/// (key columns cannot be null). The same table holds hour rows under negative keys (<see cref="ComplianceSql.HourKey"/>),
/// which the overview reads for the hours around its whole days instead of the alerts.
/// </summary>
public sealed class ComplianceAlertDay
{
    public long Day { get; set; }
    public Severity Severity { get; set; }
    public bool Suppressed { get; set; }
    public string Source { get; set; } = "";
    public string RuleId { get; set; } = "";
    public string RuleName { get; set; } = "";
    public string Tactic { get; set; } = "";
    public long Alerts { get; set; }
    public long Closed { get; set; }
    public long FalsePositives { get; set; }
    public long Unacknowledged { get; set; }
    public long Unclosed { get; set; }
    public long Queued { get; set; }
}

/// <summary>
/// How many queued alerts of one UTC day and severity took a duration in one <see cref="DurationBuckets"/> bucket
/// (<see cref="Kind"/>: 0 event to alert, 1 to acknowledgement, 2 to closing), split by whether it was within the
/// severity's SLA target (<see cref="ComplianceSlaTarget"/>), so SLA adherence stays an exact count. Hour rows as in
/// <see cref="ComplianceAlertDay"/>.
/// </summary>
public sealed class ComplianceDurationDay
{
    public long Day { get; set; }
    public int Kind { get; set; }
    public Severity Severity { get; set; }
    public long Lower { get; set; }
    public bool WithinTarget { get; set; }
    public long Count { get; set; }
}

/// <summary>
/// How many incidents created on one UTC day with one severity took a time to containment (<see cref="Kind"/> 0) or to
/// resolution (1) in one <see cref="DurationBuckets"/> bucket; SQLite only, kept by triggers on the incident's clocks.
/// </summary>
public sealed class ComplianceIncidentDay
{
    public long Day { get; set; }
    public int Kind { get; set; }
    public Severity Severity { get; set; }
    public long Lower { get; set; }
    public long Count { get; set; }
}

/// <summary>The SLA targets (whole seconds) the triggers split durations by; written from <c>SecOps:Sla</c> at start.</summary>
public sealed class ComplianceSlaTarget
{
    public Severity Severity { get; set; }
    public long AcknowledgeSeconds { get; set; }
    public long ResolveSeconds { get; set; }
}

internal sealed class ComplianceAlertDayConfiguration : IEntityTypeConfiguration<ComplianceAlertDay>
{
    public void Configure(EntityTypeBuilder<ComplianceAlertDay> b)
    {
        b.HasKey(d => new { d.Day, d.Severity, d.Suppressed, d.Source, d.RuleId, d.RuleName, d.Tactic });
        b.Property(d => d.Severity).HasConversion<int>();
    }
}

internal sealed class ComplianceDurationDayConfiguration : IEntityTypeConfiguration<ComplianceDurationDay>
{
    public void Configure(EntityTypeBuilder<ComplianceDurationDay> b)
    {
        b.HasKey(d => new { d.Day, d.Kind, d.Severity, d.Lower, d.WithinTarget });
        b.Property(d => d.Severity).HasConversion<int>();
    }
}

internal sealed class ComplianceSlaTargetConfiguration : IEntityTypeConfiguration<ComplianceSlaTarget>
{
    public void Configure(EntityTypeBuilder<ComplianceSlaTarget> b)
    {
        b.HasKey(t => t.Severity);
        b.Property(t => t.Severity).HasConversion<int>().ValueGeneratedNever();
    }
}

internal sealed class ComplianceIncidentDayConfiguration : IEntityTypeConfiguration<ComplianceIncidentDay>
{
    public void Configure(EntityTypeBuilder<ComplianceIncidentDay> b)
    {
        b.HasKey(d => new { d.Day, d.Kind, d.Severity, d.Lower });
        b.Property(d => d.Severity).HasConversion<int>();
    }
}
