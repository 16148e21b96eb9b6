using System.Text.Json;
using System.Text.Json.Nodes;
using SecOps.Tests.Support;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Responses;
using SecOps.Web.Elasticsearch.Queries;
using static SecOps.Tests.Elasticsearch.FixtureParsing;

namespace SecOps.Tests.Elasticsearch.Queries;

/// <summary>
/// The result builders over real Elasticsearch responses from tests/fixtures/elasticsearch/search. The fixture files hold terms,
/// date_histogram and cardinality results but no min, max or percentiles result: those fragments are written here in the
/// shape Elasticsearch's reference documents (<c>value</c> plus <c>value_as_string</c> for dates; keyed <c>values</c>).
/// </summary>
public sealed class SourceAggregationsTests
{
    [Fact]
    public void Top_ReadsARealTermsResult_InOrder_WithTheOtherCount()
    {
        var response = Parse<SearchResponse>("search/aggs_terms_response_docs_ecommerce.json");

        var top = SourceAggregations.Top(response.Aggregations, "sales_by_category");

        Assert.Equal(
            [new("Men's Clothing", 2024), new("Women's Clothing", 1903), new("Women's Shoes", 1136), new("Men's Shoes", 944), new ValueCount("Women's Accessories", 830)],
            top.Values);
        Assert.Equal(572, top.Other);
    }

    [Fact]
    public void Top_ReadsTheRealAlertsByHostResult()
    {
        var response = Parse<SearchResponse>("search/alerts_terms_agg_by_host_response.json");

        var top = SourceAggregations.Top(response.Aggregations, "alertsByGrouping");

        Assert.Equal([new ValueCount("Host-f43kkddfyc", 5)], top.Values);
        Assert.Equal(0, top.Other);
    }

    [Fact]
    public void Series_ReadsARealDateHistogram_BucketStartsFromEpochMillis()
    {
        var response = Parse<SearchResponse>("search/aggs_date_histogram_response_docs_ecommerce.json");

        var series = SourceAggregations.Series(response.Aggregations, "daily_orders");

        Assert.Equal(31, series.Count);
        Assert.Equal((new DateTimeOffset(2024, 11, 28, 0, 0, 0, TimeSpan.Zero), 146L), (series[0].Start, series[0].Count));
        Assert.Equal((new DateTimeOffset(2024, 12, 28, 0, 0, 0, TimeSpan.Zero), 142L), (series[^1].Start, series[^1].Count));
        Assert.All(series.Zip(series.Skip(1)), pair => Assert.Equal(TimeSpan.FromDays(1), pair.Second.Start - pair.First.Start));
        Assert.All(series, b => Assert.Same(TopValues.Empty, b.Split));
    }

    [Fact]
    public void AlertMetrics_ReadsTheHistogramSplitCardinalityAndPercentiles()
    {
        // The real date_histogram-with-cardinality response, each bucket given the real terms result as its severity split.
        var root = Node("search/aggs_date_histogram_cardinality_response_docs_ecommerce_trimmed.json");
        var terms = Node("search/aggs_terms_response_docs_ecommerce.json")["aggregations"]!["sales_by_category"]!;
        var aggregations = root["aggregations"]!.AsObject();
        var histogram = aggregations["daily_sales"]!;
        aggregations.Remove("daily_sales");
        foreach (var bucket in histogram["buckets"]!.AsArray())
        {
            bucket!["by_severity"] = terms.DeepClone();
        }
        aggregations[AlertMetricsResult.SeriesAggregation] = histogram;
        aggregations[AlertMetricsResult.HostsAggregation] = histogram["buckets"]![0]!["unique_customers"]!.DeepClone();
        aggregations[AlertMetricsResult.RiskScoreAggregation] = JsonNode.Parse("""{"values":{"50.0":47.0,"90.0":73.0,"99.0":null}}""");
        var fields = new AlertMetricsFields("kibana.alert.severity", "host.name", "kibana.alert.risk_score");

        var result = AlertMetricsResult.From(fields, Response(root));

        Assert.Equal(4675, result.Total);
        Assert.Equal([146L, 153, 143, 140, 139], result.Series.Select(b => b.Count));
        Assert.Equal(new DateTimeOffset(2024, 11, 14, 0, 0, 0, TimeSpan.Zero), result.Series[0].Start);
        Assert.Equal(new ValueCount("Men's Clothing", 2024), result.Series[4].Split.Values[0]);
        Assert.Equal(572, result.Series[4].Split.Other);
        Assert.Equal(42, result.DistinctHosts);
        Assert.Equal([50.0, 90.0, 99.0], result.RiskScorePercentiles.Keys);
        Assert.Equal([47.0, 73.0, null], result.RiskScorePercentiles.Values);
        Assert.Same(fields, result.Fields);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Enrichment_ReadsCountTimesTopValuesAndLatestEvents()
    {
        // The real basic search response (one ECS hit) with the real alerts-by-host terms result and a documented min/max shape.
        var root = Node("search/search_response_basic.json");
        var byHost = Node("search/alerts_terms_agg_by_host_response.json")["aggregations"]!["alertsByGrouping"]!;
        root["aggregations"] = new JsonObject
        {
            [EnrichmentResult.FirstSeenAggregation] = JsonNode.Parse("""{"value":1.7145216E12,"value_as_string":"2024-05-01T00:00:00.000Z"}"""),
            [EnrichmentResult.LastSeenAggregation] = JsonNode.Parse("""{"value":1714525199999.0,"value_as_string":"2024-05-01T00:59:59.999Z"}"""),
            [EnrichmentResult.TopHostsAggregation] = byHost.DeepClone(),
            [EnrichmentResult.TopUsersAggregation] = JsonNode.Parse("""{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[]}"""),
        };
        var (indicator, _) = Indicator.Create("ip", "127.0.0.1");

        var result = EnrichmentResult.From(indicator!, Response(root));

        Assert.Equal((IndicatorKind.Ip, "127.0.0.1", 20L), (result.Kind, result.Value, result.Total));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), result.FirstSeen);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 59, 59, 999, TimeSpan.Zero), result.LastSeen);
        Assert.Equal([new ValueCount("Host-f43kkddfyc", 5)], result.TopHosts.Values);
        Assert.Empty(result.TopUsers.Values);
        var latest = Assert.Single(result.Latest);
        Assert.Equal(("my-index-000001", "0", "127.0.0.1", "GET /search HTTP/1.1 200 1070000"), (latest.Index, latest.Id, latest.SourceIp, latest.Message));
        Assert.Equal(new DateTimeOffset(2099, 11, 15, 14, 12, 12, TimeSpan.Zero), latest.Timestamp);
    }

    [Fact]
    public void Enrichment_WithNoMatches_HasNoFirstOrLastSeen()
    {
        var root = Node("search/search_response_basic.json");
        root["hits"] = JsonNode.Parse("""{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]}""");
        root["aggregations"] = new JsonObject
        {
            [EnrichmentResult.FirstSeenAggregation] = JsonNode.Parse("""{"value":null}"""),
            [EnrichmentResult.LastSeenAggregation] = JsonNode.Parse("""{"value":null}"""),
            [EnrichmentResult.TopHostsAggregation] = JsonNode.Parse("""{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[]}"""),
            [EnrichmentResult.TopUsersAggregation] = JsonNode.Parse("""{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[]}"""),
        };

        var result = EnrichmentResult.From(Indicator.Create("user", "nobody").Indicator!, Response(root));

        Assert.Equal((0L, null, null), (result.Total, result.FirstSeen, result.LastSeen));
        Assert.Empty(result.Latest);
    }

    [Fact]
    public void RawEvents_KeepTheRealShardFailureAsAWarning()
    {
        var result = SourceEventsResult.From(Parse<SearchResponse>("search/search_response_partial_shard_failures.json"));

        Assert.Empty(result.Events);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("cluster_two:my-index-000001", 1, "query_shard_exception"), (warning.Index, warning.Shard, warning.Type));
        Assert.Equal("failed to create query: [my-index-000001][1] exception message here", warning.Reason);
    }

    [Fact]
    public void Warnings_AreCleaned_ForAReasonCanQuoteDocumentValues()
    {
        var root = Node("search/search_response_partial_shard_failures.json");
        root["_shards"]!["failures"]![0]!["reason"]!["reason"] = "failed to parse [user.name] value [\u202Eevil\u001b[2J]" + new string('x', 2000);

        var warning = Assert.Single(SourceEventsResult.From(Response(root)).Warnings);

        Assert.StartsWith("failed to parse [user.name] value [\uFFFDevil\uFFFD[2J]", warning.Reason, StringComparison.Ordinal);
        Assert.Equal(SourceAggregations.WarningLength + 1, warning.Reason.Length);
    }

    private static JsonNode Node(string relative) => JsonNode.Parse(File.ReadAllText(SharedFixtures.PathOf(relative)))!;

    private static SearchResponse Response(JsonNode root) =>
        JsonSerializer.Deserialize(root.ToJsonString(), ElasticsearchJsonContext.Default.SearchResponse)!;
}
