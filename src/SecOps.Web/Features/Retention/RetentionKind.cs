using System.Globalization;

namespace SecOps.Web.Features.Retention;

/// <summary>
/// The kinds of data with a retention period. What belongs to a record goes with it: an alert's notes and triage history
/// with the alert; an incident's notes, timeline, communications, observables, evidence files and their custody log,
/// tasks, attached playbooks, regulatory notifications, members and review with the incident. The app's own audit trail
/// is not a kind: it is HMAC-chained evidence and is never purged.
/// </summary>
public enum RetentionKind
{
    /// <summary>Closed alerts not linked to an incident, counted from when they were closed.</summary>
    ClosedAlerts,

    /// <summary>Audit events ingested from sources (Features/AuditEvents), counted from when the event happened.</summary>
    AuditEvents,

    /// <summary>Closed incidents and everything belonging to them, counted from when they were closed and last changed.</summary>
    ClosedIncidents,

    /// <summary>
    /// Automation rules' firings (Features/Automation), counted from when they were claimed; kept at least
    /// <see cref="Automation.AutomationRule.LongestPer"/>, since rate limits count them. The audit trail keeps each firing.
    /// </summary>
    AutomationFirings,
}

/// <summary>Names, audit targets and the period's text form ("365" or "keep") of the retention kinds.</summary>
public static class RetentionKinds
{
    public const int MinimumDays = 1;
    public const int MaximumDays = 36_500;
    public const string Keep = "keep";
    private const string TargetPrefix = "retention:";

    public static IReadOnlyList<RetentionKind> All { get; } = Enum.GetValues<RetentionKind>();

    public static string Label(RetentionKind kind) => kind switch
    {
        RetentionKind.ClosedAlerts => "Closed alerts",
        RetentionKind.AuditEvents => "Audit events from sources",
        RetentionKind.ClosedIncidents => "Closed incidents",
        _ => "Automation firings",
    };

    /// <summary>What the kind covers and from when its period counts, for the page.</summary>
    public static string Covers(RetentionKind kind) => kind switch
    {
        RetentionKind.ClosedAlerts => "Closed alerts not linked to an incident, with their notes and triage history; counted from closing.",
        RetentionKind.AuditEvents => "Sign-ins, IAM and configuration events ingested from sources; counted from the event's time.",
        RetentionKind.ClosedIncidents => "Closed incidents with their notes, timeline, communications, observables, evidence, tasks and review; counted from closing and the last change. Their alerts are unlinked and then follow the closed-alert period.",
        _ => "Each automation rule's firing on an alert or incident, listed on the automation page; counted from the firing, kept at least 7 days for the rate limits. The audit trail keeps every firing.",
    };

    /// <summary>The audit target (and approval subject) of a kind: <c>retention:ClosedAlerts</c>.</summary>
    public static string Target(RetentionKind kind) => TargetPrefix + kind;

    public static bool TryParseTarget(string? target, out RetentionKind kind)
    {
        kind = default;
        return target is not null && target.StartsWith(TargetPrefix, StringComparison.Ordinal)
            && Enum.TryParse(target[TargetPrefix.Length..], ignoreCase: false, out kind) && Enum.IsDefined(kind);
    }

    /// <summary>A period as stored in an approval: the number of days, or <c>keep</c>.</summary>
    public static string Format(int? days) => days is { } d ? d.ToString(CultureInfo.InvariantCulture) : Keep;

    /// <summary>Reads <see cref="Format"/>'s form back; false for anything else, or days out of range.</summary>
    public static bool TryParse(string? text, out int? days)
    {
        days = null;
        if (string.Equals(text?.Trim(), Keep, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= MinimumDays and <= MaximumDays)
        {
            days = value;
            return true;
        }
        return false;
    }

    /// <summary>A period in words: "365 days" or "kept forever".</summary>
    public static string Describe(int? days) => days switch
    {
        null => "kept forever",
        1 => "1 day",
        { } d => d.ToString(CultureInfo.InvariantCulture) + " days",
    };
}
