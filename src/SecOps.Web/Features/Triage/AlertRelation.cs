using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>Why the drawer lists an alert as related to the open one: what the two share.</summary>
public static class AlertRelation
{
    /// <summary>
    /// The shared things, most telling first: a repeat (same fingerprint), then the same rule, host, user and source IP.
    /// Empty when they share none of them; a missing value is never "the same".
    /// </summary>
    public static IReadOnlyList<string> Between(AlertView alert, AlertView other)
    {
        var shared = new List<string>(5);
        Add(shared, "same fingerprint", alert.Fingerprint, other.Fingerprint);
        Add(shared, "same rule", alert.RuleName, other.RuleName);
        Add(shared, "same host", alert.HostName, other.HostName);
        Add(shared, "same user", alert.UserName, other.UserName);
        Add(shared, "same source IP", alert.SourceIp, other.SourceIp);
        return shared;
    }

    private static void Add(List<string> shared, string reason, string? mine, string? theirs)
    {
        if (!string.IsNullOrEmpty(mine) && string.Equals(mine, theirs, StringComparison.Ordinal))
        {
            shared.Add(reason);
        }
    }
}
