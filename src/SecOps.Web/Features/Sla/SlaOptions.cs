using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Sla;

/// <summary>Service-level targets per severity: time to acknowledge and time to resolve, and when to warn.</summary>
public sealed class SlaOptions
{
    public const string SectionName = "SecOps:Sla";

    public Dictionary<Severity, TimeSpan> AcknowledgeWithin { get; set; } = new()
    {
        [Severity.Critical] = TimeSpan.FromMinutes(15),
        [Severity.High] = TimeSpan.FromHours(1),
        [Severity.Medium] = TimeSpan.FromHours(4),
        [Severity.Low] = TimeSpan.FromHours(24),
    };

    public Dictionary<Severity, TimeSpan> ResolveWithin { get; set; } = new()
    {
        [Severity.Critical] = TimeSpan.FromHours(4),
        [Severity.High] = TimeSpan.FromHours(24),
        [Severity.Medium] = TimeSpan.FromDays(3),
        [Severity.Low] = TimeSpan.FromDays(7),
    };

    /// <summary>The clock turns to "warning" when less than this share of the target is left.</summary>
    public double WarnWhenRemaining { get; set; } = 0.25;
}
