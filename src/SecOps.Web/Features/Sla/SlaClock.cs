using Microsoft.Extensions.Options;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

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
/// Computes SLA clocks from an alert's (or an incident's) times: until acknowledged the acknowledge clock runs, then the
/// resolve clock (both from the alert time); a closed alert shows whether it met the resolve target.
/// </summary>
public sealed class SlaClock(IOptions<SlaOptions> options, TimeProvider time)
{
    public SlaStatus Evaluate(AlertView alert) => Evaluate(alert, time.GetUtcNow());

    public SlaStatus Evaluate(AlertView alert, DateTimeOffset now)
    {
        AlertVocabulary.TryParseSeverity(alert.Severity, out var severity);
        if (alert.Status == AlertVocabulary.ToWire(AlertStatus.Closed))
        {
            return new SlaStatus("resolve", SlaState.Met, null, null);
        }
        return Running(severity, alert.AlertTime, acknowledged: alert.Status != AlertVocabulary.ToWire(AlertStatus.Open), now);
    }

    /// <summary>
    /// An incident's clocks, on the same targets per severity as alerts, from its creation: acknowledge until it leaves
    /// open, then resolve; a resolved or closed incident shows whether it was resolved in time (late: breached, no clock).
    /// </summary>
    public SlaStatus Evaluate(IncidentView incident, DateTimeOffset now)
    {
        if (incident.Status is IncidentStatus.Resolved or IncidentStatus.Closed)
        {
            var deadline = incident.CreatedAt + options.Value.ResolveWithin[incident.Severity];
            return new SlaStatus("resolve", incident.ResolvedAt > deadline ? SlaState.Breached : SlaState.Met, null, null);
        }
        return Running(incident.Severity, incident.CreatedAt, acknowledged: incident.Status != IncidentStatus.Open, now);
    }

    private SlaStatus Running(Severity severity, DateTimeOffset start, bool acknowledged, DateTimeOffset now)
    {
        var settings = options.Value;
        var (phase, target) = acknowledged ? ("resolve", settings.ResolveWithin[severity]) : ("acknowledge", settings.AcknowledgeWithin[severity]);
        var deadline = start + target;
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
