namespace SecOps.Web.Features.Triage;

/// <summary>
/// Adds a pivot (a field and value from the drawer or a group) to the board's search. The current query goes in
/// parentheses, so the term narrows all of it: <c>a OR b</c> pivoted on a host is <c>(a OR b) AND host:"x"</c>, not
/// <c>a OR (b AND host:"x")</c>.
/// </summary>
public static class QueryPivot
{
    /// <summary>The opposite of a pivot term: every alert but those with the value.</summary>
    public static string Exclude(string term) => "NOT " + term;

    public static string Combine(string? current, string term) =>
        string.IsNullOrWhiteSpace(current) ? term : $"({current.Trim()}) AND {term}";

    /// <summary>
    /// The combined query, or why it cannot be: when the current text is the fault (a query still being typed), the
    /// error is that text's own, at a position the analyst sees in the search; else (limits) the combination's.
    /// </summary>
    public static (AlertQuery? Query, string Text, string? Error) Apply(string? current, string term, TimeProvider time)
    {
        var text = Combine(current, term);
        var (query, error) = AlertQueryParser.Parse(text, time);
        if (query is not null)
        {
            return (query, text, null);
        }
        var own = string.IsNullOrWhiteSpace(current) ? null : AlertQueryParser.Parse(current, time).Error;
        return (null, text, $"Cannot add {term} to this search: {(own ?? error!).Describe()}");
    }
}
