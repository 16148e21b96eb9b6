using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>
/// What the source knows about one indicator in a window: how many events mention it (<see cref="Total"/>, exact), when it was
/// first and last seen, the hosts and users most often with it, and the latest events. <see cref="Warnings"/> says when shards
/// failed, so every figure may be short.
/// </summary>
public sealed record EnrichmentResult(
    IndicatorKind Kind, string Value, long Total, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, TopValues TopHosts, TopValues TopUsers,
    IReadOnlyList<SourceEvent> Latest, IReadOnlyList<PartialResultWarning> Warnings)
{
    public const string FirstSeenAggregation = "first_seen";
    public const string LastSeenAggregation = "last_seen";
    public const string TopHostsAggregation = "top_hosts";
    public const string TopUsersAggregation = "top_users";

    /// <summary>Reads the response of <see cref="SourceQueries.EnrichmentSearch"/>.</summary>
    public static EnrichmentResult From(Indicator indicator, SearchResponse response)
    {
        var aggregations = response.Aggregations;
        return new EnrichmentResult(
            indicator.Kind,
            indicator.Value,
            response.Hits.Total?.Value ?? 0,
            aggregations.Time(FirstSeenAggregation),
            aggregations.Time(LastSeenAggregation),
            SourceAggregations.Top(aggregations, TopHostsAggregation),
            SourceAggregations.Top(aggregations, TopUsersAggregation),
            [.. response.Hits.Hits.Select(SourceEvent.From)],
            SourceAggregations.Warnings(response));
    }
}
