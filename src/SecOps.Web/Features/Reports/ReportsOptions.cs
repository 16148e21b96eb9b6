using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Reports;

/// <summary>
/// Scheduled reports (<c>SecOps:Reports</c>). They are sent through the automation's mail server
/// (<c>SecOps:Automation:Smtp</c>); without one configured, nobody can subscribe and nothing is sent.
/// </summary>
public sealed class ReportsOptions
{
    public const string SectionName = "SecOps:Reports";

    /// <summary>How often due subscriptions are looked for; a failed sending is first retried one interval later.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The hour of the day, on the subscriber's clock, a report is due.</summary>
    public TimeOnly SendAt { get; set; } = new(7, 0);

    /// <summary>The longest a failed sending waits before it is tried again: the wait doubles with each failure in a row up to this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one instance holds a subscription while sending it, so no other instance sends it too.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ClaimFor { get; set; } = TimeSpan.FromMinutes(5);
}
