using Microsoft.Extensions.Options;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Sla;

public enum SlaState
{
    Running,
    Warning,
    Breached,
    Met,
}

/// <summary>Which clock runs for an alert, its deadline and state. <see cref="WarnAt"/> lets the browser flip state without the server.</summary>
public sealed record SlaStatus(string Phase, SlaState State, DateTimeOffset? Deadline, DateTimeOffset? WarnAt);

/// <summary>
/// Computes SLA clocks from the alert's times: until acknowledged the acknowledge clock runs, then the
/// resolve clock (both from the alert time); a closed alert shows whether it met the resolve target.
/// </summary>
public sealed class SlaClock(IOptions<SlaOptions> options, TimeProvider time)
{
    public SlaStatus Evaluate(AlertView alert) => Evaluate(alert, time.GetUtcNow());

    public SlaStatus Evaluate(AlertView alert, DateTimeOffset now)
    {
        var settings = options.Value;
        AlertVocabulary.TryParseSeverity(alert.Severity, out var severity);
        if (alert.Status == AlertVocabulary.ToWire(AlertStatus.Closed))
        {
            return new SlaStatus("resolve", SlaState.Met, null, null);
        }
        var acknowledged = alert.Status != AlertVocabulary.ToWire(AlertStatus.Open);
        var (phase, target) = acknowledged ? ("resolve", settings.ResolveWithin[severity]) : ("acknowledge", settings.AcknowledgeWithin[severity]);
        var deadline = alert.AlertTime + target;
        var warnAt = deadline - (target * settings.WarnWhenRemaining);
        var state = now >= deadline ? SlaState.Breached : now >= warnAt ? SlaState.Warning : SlaState.Running;
        return new SlaStatus(phase, state, deadline, warnAt);
    }

    public static string Remaining(TimeSpan left)
    {
        var sign = left < TimeSpan.Zero ? "-" : "";
        left = left.Duration();
        return sign + (left.TotalHours >= 24 ? $"{(int)left.TotalDays}d {left.Hours}h"
            : left.TotalMinutes >= 60 ? $"{(int)left.TotalHours}h {left.Minutes:00}m"
            : $"{(int)left.TotalMinutes}m {left.Seconds:00}s");
    }
}
