using System.Globalization;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

public enum AlertField
{
    Severity,
    Status,
    Host,
    User,
    SourceIp,
    DestinationIp,
    Rule,
    RuleId,
    Tactic,
    Technique,
    Assignee,
    Category,
    Action,
    Fingerprint,
    RiskScore,
    Timestamp,
}

/// <summary>The query language's field names (short and ECS spellings) and what each field accepts.</summary>
public static class AlertFields
{
    public static readonly IReadOnlyDictionary<string, AlertField> ByName = new Dictionary<string, AlertField>(StringComparer.OrdinalIgnoreCase)
    {
        ["severity"] = AlertField.Severity,
        ["status"] = AlertField.Status,
        ["host"] = AlertField.Host,
        ["host.name"] = AlertField.Host,
        ["user"] = AlertField.User,
        ["user.name"] = AlertField.User,
        ["ip"] = AlertField.SourceIp,
        ["source.ip"] = AlertField.SourceIp,
        ["destination.ip"] = AlertField.DestinationIp,
        ["rule"] = AlertField.Rule,
        ["rule.name"] = AlertField.Rule,
        ["rule.id"] = AlertField.RuleId,
        ["tactic"] = AlertField.Tactic,
        ["technique"] = AlertField.Technique,
        ["assignee"] = AlertField.Assignee,
        ["category"] = AlertField.Category,
        ["event.category"] = AlertField.Category,
        ["action"] = AlertField.Action,
        ["event.action"] = AlertField.Action,
        ["fingerprint"] = AlertField.Fingerprint,
        ["risk_score"] = AlertField.RiskScore,
        ["risk"] = AlertField.RiskScore,
        ["@timestamp"] = AlertField.Timestamp,
        ["time"] = AlertField.Timestamp,
    };

    /// <summary>Canonical names offered by auto-complete, one per field.</summary>
    public static readonly IReadOnlyList<string> Suggested =
        ["severity", "status", "host", "user", "ip", "destination.ip", "rule", "rule.id", "tactic", "technique", "assignee", "category", "action", "risk_score", "@timestamp"];

    public static bool IsRangeable(AlertField field) => field is AlertField.RiskScore or AlertField.Timestamp or AlertField.Severity;

    /// <summary>Null when the value fits the field, else why not.</summary>
    public static string? Validate(AlertField field, string value, TimeProvider time) => field switch
    {
        AlertField.Severity when !AlertVocabulary.TryParseSeverity(value, out _) => "severity is one of low, medium, high, critical",
        AlertField.Status when !AlertVocabulary.TryParseStatus(value, out _) => "status is one of open, acknowledged, in-progress, closed",
        AlertField.RiskScore when !TryNumber(value, out _) => "risk_score takes a number",
        AlertField.Timestamp when !TryTime(value, time, out _) => "@timestamp takes an ISO 8601 date or now-<n>m|h|d",
        _ => null,
    };

    public static bool TryNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    /// <summary>An ISO 8601 time, <c>now</c>, or <c>now-15m</c> / <c>now-2h</c> / <c>now-7d</c>.</summary>
    public static bool TryTime(string value, TimeProvider time, out DateTimeOffset at)
    {
        at = default;
        if (value.StartsWith("now", StringComparison.OrdinalIgnoreCase))
        {
            var now = time.GetUtcNow();
            if (value.Length == 3)
            {
                at = now;
                return true;
            }
            if (value.Length < 6 || value[3] != '-' || !int.TryParse(value.AsSpan(4, value.Length - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 100_000)
            {
                return false;
            }
            TimeSpan? span = char.ToLowerInvariant(value[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is null)
            {
                return false;
            }
            at = now - span.Value;
            return true;
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }
}
