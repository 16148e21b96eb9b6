using SecOps.Web.Elasticsearch.Responses;
using static SecOps.Tests.Elasticsearch.FixtureParsing;

namespace SecOps.Tests.Elasticsearch;

public sealed class SearchResponseFixtureTests
{
    [Fact]
    public void Basic_ParsesHitTotalAndSource()
    {
        var response = Parse<SearchResponse>("search/search_response_basic.json");

        Assert.Equal((5, false), (response.Took, response.TimedOut));
        Assert.Equal(new TotalHits(20, TotalHitsRelation.Eq), response.Hits.Total);
        Assert.Equal(1.3862942, response.Hits.MaxScore);
        var hit = Assert.Single(response.Hits.Hits);
        Assert.Equal(("my-index-000001", "0", 1.3862942), (hit.Index, hit.Id, hit.Score!.Value));
        Assert.Equal("kimchy", hit.Source!.Value.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal(1070000, hit.Source.Value.GetProperty("http").GetProperty("response").GetProperty("bytes").GetInt64());
        Assert.Empty(response.Warnings);
    }

    [Fact]
    public void PitSearchAfter_KeepsTheShardDocTiebreakerAsAnExact64BitValue()
    {
        var response = Parse<SearchResponse>("search/search_response_pit_search_after_docs_trimmed.json");

        Assert.StartsWith("46ToAwMDaWR5BXV1aWQy", response.PitId);
        Assert.Null(response.Hits.Total);
        Assert.Null(response.Hits.MaxScore);
        var hit = Assert.Single(response.Hits.Hits);
        Assert.Null(hit.Score);
        Assert.Equal("2021-05-20T05:30:04.832Z", hit.Sort![0].GetString());
        Assert.Equal(4294967298L, hit.Sort[1].GetInt64());
        Assert.Equal("4294967298", hit.Sort[1].GetRawText());
    }

    [Fact]
    public void SearchAfterSort_KeepsMixedLongAndStringSortValues()
    {
        var response = Parse<SearchResponse>("search/search_response_search_after_sort_docs_trimmed.json");

        Assert.Equal(["654322", "654323"], response.Hits.Hits.Select(h => h.Id));
        Assert.Equal(1463538857L, response.Hits.Hits[1].Sort![0].GetInt64());
        Assert.Equal("654323", response.Hits.Hits[1].Sort![1].GetString());
    }

    [Fact]
    public void PartialShardFailures_SurfaceAsWarnings()
    {
        var response = Parse<SearchResponse>("search/search_response_partial_shard_failures.json");

        Assert.Equal((28, 27, 1), (response.Shards!.Total, response.Shards.Successful, response.Shards.Failed));
        Assert.Equal(4, response.NumReducePhases);
        Assert.Empty(response.Hits.Hits);
        var warning = Assert.Single(response.Warnings);
        Assert.Equal(("cluster_two:my-index-000001", 1, "LMpUnAu0QEeCUMfg_56sAg"), (warning.Index, warning.Shard, warning.Node));
        Assert.Equal("query_shard_exception", warning.Type);
        Assert.Equal("failed to create query: [my-index-000001][1] exception message here", warning.Reason);
        Assert.Equal("runtime_exception", response.Shards.Failures![0].Reason!.CausedBy!.Type);
    }

    [Fact]
    public void AsyncSearchStatus_WrapsAPartialResponseWithShardFailures()
    {
        var wrapper = Parse<AsyncSearchResponse>("search/async_search_status_partial_shard_failure_ccs.json");

        Assert.NotNull(wrapper.Response);
        Assert.Equal("query_shard_exception", Assert.Single(wrapper.Response.Warnings).Type);
    }

    [Fact]
    public void AsyncSearchWithAggregations_ParsesTheInnerResponse()
    {
        var wrapper = Parse<AsyncSearchResponse>("search/async_search_get_response_aggs.json");

        Assert.False(wrapper.IsPartial);
        Assert.False(wrapper.IsRunning);
        Assert.Equal(new TotalHits(456433, TotalHitsRelation.Eq), wrapper.Response!.Hits.Total);
        Assert.Equal(46, wrapper.Response.NumReducePhases);
        Assert.Empty(wrapper.Response.Aggregations.DateHistogram("sale_date"));
    }

    [Fact]
    public void TermsAggregation_ReadsBucketsAndOtherCount()
    {
        var response = Parse<SearchResponse>("search/aggs_terms_response_docs_ecommerce.json");

        var buckets = response.Aggregations.Terms("sales_by_category");
        Assert.Equal(5, buckets.Count);
        Assert.Equal(("Men's Clothing", 2024L), (buckets[0].KeyText, buckets[0].DocCount));
        Assert.Equal(("Women's Accessories", 830L), (buckets[4].KeyText, buckets[4].DocCount));
        Assert.Equal(572, response.Aggregations.SumOtherDocCount("sales_by_category"));
        Assert.Equal(new TotalHits(4675, TotalHitsRelation.Eq), response.Hits.Total);
    }

    [Fact]
    public void DateHistogram_ReadsEpochMillisKeysAndStrings()
    {
        var response = Parse<SearchResponse>("search/aggs_date_histogram_response_docs_ecommerce.json");

        var buckets = response.Aggregations.DateHistogram("daily_orders");
        Assert.Equal(31, buckets.Count);
        Assert.Equal((1732752000000L, "2024-11-28", 146L), (buckets[0].Key, buckets[0].KeyAsString, buckets[0].DocCount));
        Assert.Equal((1735344000000L, "2024-12-28", 142L), (buckets[^1].Key, buckets[^1].KeyAsString, buckets[^1].DocCount));
        Assert.Equal(new DateTimeOffset(2024, 11, 28, 0, 0, 0, TimeSpan.Zero), buckets[0].Start);
        Assert.All(buckets.Zip(buckets.Skip(1)), pair => Assert.Equal(86_400_000L, pair.Second.Key - pair.First.Key));
    }

    [Fact]
    public void DateHistogramWithCardinality_ReadsSubAggregationsOfEachBucket()
    {
        var response = Parse<SearchResponse>("search/aggs_date_histogram_cardinality_response_docs_ecommerce_trimmed.json");

        var buckets = response.Aggregations.DateHistogram("daily_sales");
        Assert.Equal(5, buckets.Count);
        Assert.Equal(42, buckets[0].Aggregations.Cardinality("unique_customers"));
        Assert.Equal(10578.53125, buckets[0].Aggregations.Value("revenue"));
        Assert.Equal((1731888000000L, 139L, 42L), (buckets[4].Key, buckets[4].DocCount, buckets[4].Aggregations.Cardinality("unique_customers")));
        Assert.Equal(12012.609375, buckets[4].Aggregations.Value("revenue"));
    }

    [Fact]
    public void AlertsByHost_ReadsTermsAndMissingAggregations()
    {
        var response = Parse<SearchResponse>("search/alerts_terms_agg_by_host_response.json");

        var bucket = Assert.Single(response.Aggregations.Terms("alertsByGrouping"));
        Assert.Equal(("Host-f43kkddfyc", 5L), (bucket.KeyText, bucket.DocCount));
        Assert.Equal(0, response.Aggregations.DocCount("missingFields"));
        Assert.False(response.Aggregations.Contains("nope"));
    }

    [Fact]
    public void Percentiles_ReadKeyedAndArrayForms()
    {
        var keyed = new AggregationResults(System.Text.Json.JsonDocument.Parse("""{"p":{"values":{"50.0":12.5,"99.0":null,"99.0_as_string":"x"}}}""").RootElement);
        var array = new AggregationResults(System.Text.Json.JsonDocument.Parse("""{"p":{"values":[{"key":50.0,"value":7}]}}""").RootElement);

        Assert.Equal(12.5, keyed.Percentiles("p")[50.0]);
        Assert.Null(keyed.Percentiles("p")[99.0]);
        Assert.Equal(7, array.Percentiles("p")[50.0]);
    }

    [Fact]
    public void LegacyIntegerTotal_IsReadAsAnExactCount()
    {
        var response = System.Text.Json.JsonSerializer.Deserialize("""{"hits":{"total":3,"hits":[]}}""", SecOps.Web.Elasticsearch.ElasticsearchJsonContext.Default.SearchResponse)!;

        Assert.Equal(new TotalHits(3, TotalHitsRelation.Eq), response.Hits.Total);
    }
}
