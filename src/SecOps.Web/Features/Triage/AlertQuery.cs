using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// A parsed board query: free-text words (all must match somewhere in rule name, reason or an entity)
/// and field filters (all must hold). Values are only ever used as query parameters.
/// </summary>
public sealed record AlertQuery(IReadOnlyList<string> Words, IReadOnlyList<FieldFilter> Filters)
{
    public static readonly AlertQuery All = new([], []);
}

public sealed record FieldFilter(AlertField Field, string Value);

public enum AlertField
{
    Severity,
    Status,
    Host,
    User,
    SourceIp,
    Rule,
    Tactic,
    Assignee,
}

/// <summary>A query that could not be parsed, with the 0-based character position of the problem.</summary>
public sealed record QueryError(string Message, int Position);

public static class AlertFieldNames
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
        ["rule"] = AlertField.Rule,
        ["rule.name"] = AlertField.Rule,
        ["tactic"] = AlertField.Tactic,
        ["assignee"] = AlertField.Assignee,
    };

    public static string? ValidateValue(AlertField field, string value) => field switch
    {
        AlertField.Severity when !AlertVocabulary.TryParseSeverity(value, out _) => "severity is one of low, medium, high, critical",
        AlertField.Status when !AlertVocabulary.TryParseStatus(value, out _) => "status is one of open, acknowledged, in-progress, closed",
        _ => null,
    };
}
