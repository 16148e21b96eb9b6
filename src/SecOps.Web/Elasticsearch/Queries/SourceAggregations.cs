using SecOps.Web.Elasticsearch.Responses;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>One value of a field and how many documents had it (a terms bucket); the value is source data, cleaned and capped.</summary>
public sealed record ValueCount(string Value, long Count);

/// <summary>The most frequent values of a field, and how many documents had a value not in the list.</summary>
public sealed record TopValues(IReadOnlyList<ValueCount> Values, long Other)
{
    public static TopValues Empty { get; } = new([], 0);
}

/// <summary>One time bucket of a series: its start, its count, and the count of each value of the split field in it.</summary>
public sealed record SeriesBucket(DateTimeOffset Start, long Count, TopValues Split);

/// <summary>
/// Reads the aggregation results the on-demand queries ask for into their typed results. Bucket keys are hostile source data:
/// cleaned of control and bidi characters and capped like any other displayed field.
/// </summary>
public static class SourceAggregations
{
    public const int WarningLength = 1024;

    /// <summary>A terms aggregation's buckets in Elasticsearch's order (most documents first) and its <c>sum_other_doc_count</c>.</summary>
    public static TopValues Top(AggregationResults aggregations, string name) =>
        new([.. aggregations.Terms(name).Select(b => new ValueCount(DisplayText.Clean(b.KeyText, SourceEvent.ShortField)!, b.DocCount))],
            aggregations.SumOtherDocCount(name));

    /// <summary>A date_histogram's buckets in time order; each bucket's <paramref name="split"/> terms sub-aggregation when named.</summary>
    public static IReadOnlyList<SeriesBucket> Series(AggregationResults aggregations, string name, string? split = null) =>
        [.. aggregations.DateHistogram(name).Select(b => new SeriesBucket(b.Start, b.DocCount, split is null ? TopValues.Empty : Top(b.Aggregations, split)))];

    /// <summary>Shard failures and timeouts, kept (never dropped) with their text cleaned: a reason can quote document values.</summary>
    public static IReadOnlyList<PartialResultWarning> Warnings(SearchResponse response) =>
        [.. response.Warnings.Select(w => w with
        {
            Index = DisplayText.Clean(w.Index, SourceEvent.ShortField),
            Node = DisplayText.Clean(w.Node, SourceEvent.ShortField),
            Type = DisplayText.Clean(w.Type, SourceEvent.ShortField)!,
            Reason = DisplayText.Clean(w.Reason, WarningLength)!,
        })];
}
