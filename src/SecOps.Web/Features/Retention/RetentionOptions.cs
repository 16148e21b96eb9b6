using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Retention;

/// <summary>
/// Retention (<c>SecOps:Retention</c>): the default period of each kind of data, in days (an empty value keeps that kind
/// forever), used until an administrator sets one on <c>/admin/retention</c>; and the scheduled purge.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "SecOps:Retention";

    [Range(RetentionKinds.MinimumDays, RetentionKinds.MaximumDays)]
    public int? ClosedAlertsDays { get; set; } = 365;

    [Range(RetentionKinds.MinimumDays, RetentionKinds.MaximumDays)]
    public int? AuditEventsDays { get; set; } = 180;

    [Range(RetentionKinds.MinimumDays, RetentionKinds.MaximumDays)]
    public int? ClosedIncidentsDays { get; set; } = 3 * 365;

    /// <summary>
    /// Automation firings: the store's working record (claims, rate limits, the automation page's list); the audit trail
    /// is the lasting one, so a quarter is enough to look back on.
    /// </summary>
    [Range(RetentionKinds.MinimumDays, RetentionKinds.MaximumDays)]
    public int? AutomationFiringsDays { get; set; } = 90;

    /// <summary>Whether the purge runs on its own; off, it runs only when an administrator asks.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the purge runs; it is looked at hourly (or this often, if shorter) and runs when the last run is this old.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Records deleted per transaction, so a large purge never holds the store's write lock for long.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    public int? DefaultDays(RetentionKind kind) => kind switch
    {
        RetentionKind.ClosedAlerts => ClosedAlertsDays,
        RetentionKind.AuditEvents => AuditEventsDays,
        RetentionKind.ClosedIncidents => ClosedIncidentsDays,
        _ => AutomationFiringsDays,
    };
}
