using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Decides whether a live alert belongs on a board showing a query, with the same meaning the store
/// query has (<see cref="AlertQueries.Apply"/>): words match case-insensitively anywhere, fields exactly.
/// </summary>
public static class AlertQueryMatcher
{
    public static bool Matches(AlertQuery query, AlertView alert)
    {
        foreach (var word in query.Words)
        {
            if (!Contains(alert.RuleName, word) && !Contains(alert.Reason, word) && !Contains(alert.HostName, word)
                && !Contains(alert.UserName, word) && !Contains(alert.SourceIp, word))
            {
                return false;
            }
        }
        foreach (var filter in query.Filters)
        {
            var matches = filter.Field switch
            {
                AlertField.Severity => AlertVocabulary.TryParseSeverity(filter.Value, out var s) && alert.Severity == AlertVocabulary.ToWire(s),
                AlertField.Status => AlertVocabulary.TryParseStatus(filter.Value, out var st) && alert.Status == AlertVocabulary.ToWire(st),
                AlertField.Host => alert.HostName == filter.Value,
                AlertField.User => alert.UserName == filter.Value,
                AlertField.SourceIp => alert.SourceIp == filter.Value,
                AlertField.Rule => Contains(alert.RuleName, filter.Value),
                AlertField.Tactic => alert.MitreTactic == filter.Value,
                AlertField.Assignee => alert.Assignee == filter.Value,
                _ => true,
            };
            if (!matches)
            {
                return false;
            }
        }
        return true;
    }

    private static bool Contains(string? text, string word) => text?.Contains(word, StringComparison.OrdinalIgnoreCase) == true;
}
