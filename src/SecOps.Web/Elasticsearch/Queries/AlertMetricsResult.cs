using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>
/// Alert metrics from the source over a window: <see cref="Series"/> has one bucket per interval (empty ones included) with
/// each bucket's count per severity value; <see cref="DistinctHosts"/> is approximate above Elasticsearch's precision threshold
/// (3,000 by default); <see cref="RiskScorePercentiles"/> maps percent to score, null when no alert had a score.
/// </summary>
public sealed record AlertMetricsResult(
    long Total, IReadOnlyList<SeriesBucket> Series, long DistinctHosts, IReadOnlyDictionary<double, double?> RiskScorePercentiles,
    AlertMetricsFields Fields, IReadOnlyList<PartialResultWarning> Warnings)
{
    public const string SeriesAggregation = "over_time";
    public const string SeverityAggregation = "by_severity";
    public const string HostsAggregation = "hosts";
    public const string RiskScoreAggregation = "risk_score";

    /// <summary>Reads the response of <see cref="SourceQueries.AlertMetricsSearch"/>.</summary>
    public static AlertMetricsResult From(AlertMetricsFields fields, SearchResponse response)
    {
        var aggregations = response.Aggregations;
        return new AlertMetricsResult(
            response.Hits.Total?.Value ?? 0,
            SourceAggregations.Series(aggregations, SeriesAggregation, SeverityAggregation),
            aggregations.Cardinality(HostsAggregation),
            aggregations.Percentiles(RiskScoreAggregation),
            fields,
            SourceAggregations.Warnings(response));
    }
}
