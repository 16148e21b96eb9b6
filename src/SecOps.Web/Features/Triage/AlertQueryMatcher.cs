using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Decides whether a live alert belongs on a board showing a query, with the meaning the store query has
/// (<see cref="AlertQueryTranslator"/>): free text and rule/tactic/technique match case-insensitively as
/// "contains", other fields exactly or by prefix, IP fields by address range, ranges numerically or by time; an
/// unresolved <c>assignee:me</c> matches nothing.
/// </summary>
public static class AlertQueryMatcher
{
    public static bool Matches(AlertQuery query, AlertView alert, TimeProvider time) =>
        alert.SuppressedBy is null && (query.Root is null || Matches(query.Root, alert, time));

    private static bool Matches(QueryNode node, AlertView alert, TimeProvider time) => node switch
    {
        TextNode text => Contains(alert.RuleName, text.Text) || Contains(alert.Reason, text.Text) || Contains(alert.HostName, text.Text)
            || Contains(alert.UserName, text.Text) || Contains(alert.SourceIp, text.Text),
        FieldNode field => Field(field, alert, time),
        RangeNode range => Compare(range.Field, range.Value, alert, time) is { } c && range.Operator switch
        {
            RangeOperator.GreaterThan => c > 0,
            RangeOperator.GreaterOrEqual => c >= 0,
            RangeOperator.LessThan => c < 0,
            _ => c <= 0,
        },
        PrefixNode prefix => Keyword(prefix.Field, alert) is { } value && value.StartsWith(prefix.Prefix, StringComparison.Ordinal),
        IpRangeNode ip => IpKey.TryParse(ip.Field == AlertField.DestinationIp ? alert.DestinationIp : alert.SourceIp, out var address)
            && address >= ip.First && address <= ip.Last,
        AssigneeIdNode person => alert.AssigneeId == person.PersonId,
        AndNode and => and.Items.All(i => Matches(i, alert, time)),
        OrNode or => or.Items.Any(i => Matches(i, alert, time)),
        NotNode not => !Matches(not.Item, alert, time),
        _ => false,
    };

    private static bool Field(FieldNode node, AlertView alert, TimeProvider time) => node.Field switch
    {
        AlertField.Severity => AlertVocabulary.TryParseSeverity(node.Value, out var s) && alert.Severity == AlertVocabulary.ToWire(s),
        AlertField.Status => AlertVocabulary.TryParseStatus(node.Value, out var st) && alert.Status == AlertVocabulary.ToWire(st),
        AlertField.Host => alert.HostName == node.Value,
        AlertField.User => alert.UserName == node.Value,
        AlertField.SourceIp => alert.SourceIp == node.Value,
        AlertField.DestinationIp => alert.DestinationIp == node.Value,
        AlertField.Rule => Contains(alert.RuleName, node.Value),
        AlertField.RuleId => alert.RuleId == node.Value,
        AlertField.Tactic => Contains(alert.MitreTactic, node.Value),
        AlertField.Technique => Contains(alert.MitreTechnique, node.Value),
        AlertField.Assignee => alert.Assignee == node.Value,
        AlertField.Category => alert.EventCategory == node.Value,
        AlertField.Action => alert.EventAction == node.Value,
        AlertField.Fingerprint => alert.Fingerprint == node.Value,
        AlertField.RiskScore or AlertField.Timestamp => Compare(node.Field, node.Value, alert, time) == 0,
        _ => false,
    };

    private static string? Keyword(AlertField field, AlertView alert) => field switch
    {
        AlertField.Host => alert.HostName,
        AlertField.User => alert.UserName,
        AlertField.RuleId => alert.RuleId,
        AlertField.Assignee => alert.Assignee,
        AlertField.Category => alert.EventCategory,
        AlertField.Action => alert.EventAction,
        AlertField.Fingerprint => alert.Fingerprint,
        _ => null,
    };

    /// <summary>The sign of alert-value minus query-value, or null when the alert has no value (never matches).</summary>
    private static int? Compare(AlertField field, string value, AlertView alert, TimeProvider time) => field switch
    {
        AlertField.RiskScore when alert.RiskScore is { } risk && AlertFields.TryNumber(value, out var n) => risk.CompareTo(n),
        AlertField.Timestamp when AlertFields.TryTime(value, time, out var at) => alert.AlertTime.CompareTo(at),
        AlertField.Severity when AlertVocabulary.TryParseSeverity(value, out var s) && AlertVocabulary.TryParseSeverity(alert.Severity, out var mine) => ((int)mine).CompareTo((int)s),
        _ => null,
    };

    private static bool Contains(string? text, string word) => text?.Contains(word, StringComparison.OrdinalIgnoreCase) == true;
}
