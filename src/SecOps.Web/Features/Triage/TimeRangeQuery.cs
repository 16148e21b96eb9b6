using SecOps.Web.Components.Shared;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Narrows a board query to a time window on the alert's time (<c>@timestamp</c>): the window's ends become
/// <c>@timestamp &gt;= from</c> and <c>@timestamp &lt;= to</c> nodes ANDed to the query, so the store query (a range on
/// the indexed <c>AlertTime</c> column), the live matcher, counts and groups all apply the same window.
/// </summary>
public static class TimeRangeQuery
{
    public static AlertQuery Within(AlertQuery query, TimeRange range)
    {
        if (range.IsAll)
        {
            return query;
        }
        var items = new List<QueryNode>(3);
        if (query.Root is { } root)
        {
            items.Add(root);
        }
        if (range.From is { } from)
        {
            items.Add(new RangeNode(AlertField.Timestamp, RangeOperator.GreaterOrEqual, from));
        }
        if (range.To is { } to)
        {
            items.Add(new RangeNode(AlertField.Timestamp, RangeOperator.LessOrEqual, to));
        }
        return new AlertQuery(items.Count == 1 ? items[0] : new AndNode(items));
    }
}
