using System.Text.Json;
using System.Text.Json.Nodes;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Dsl;

namespace SecOps.Tests.Elasticsearch;

public sealed class SearchRequestTests
{
    [Fact]
    public void TailQuery_IsWrittenExactly()
    {
        using var page = JsonDocument.Parse("""["2021-05-20T05:30:04.832Z", 4294967298, 9223372036854775807]""");
        var request = new SearchRequest
        {
            Size = 500,
            Query = Query.Bool()
                .WithFilter(Query.Range("@timestamp").GreaterThanOrEqual("2025-01-17T08:00:00.000Z").LessThan(1737187199999L).WithFormat("strict_date_optional_time||epoch_millis"))
                .WithFilter(Query.Terms("event.kind", "alert", "signal"))
                .WithMust(Query.Match("message", "brute force"))
                .WithMustNot(Query.Exists("kibana.alert.building_block_type"))
                .WithShould(Query.Term("kibana.alert.workflow_status", "open", caseInsensitive: true)),
            Sort = [new SortField("@timestamp", SortOrder.Asc, format: "strict_date_optional_time_nanos"), new SortField("kibana.alert.uuid", unmappedType: "keyword"), new SortField("event.sequence")],
            SearchAfter = [.. page.RootElement.EnumerateArray().Select(e => (FieldValue)e)],
            SourceIncludes = ["kibana.*", "@timestamp"],
            SourceExcludes = ["kibana.alert.original_event.original"],
            TrackTotalHits = TrackTotalHits.Disabled,
            SeqNoPrimaryTerm = true,
        };

        Assert.Equal(
            """{"size":500,"query":{"bool":{"filter":[{"range":{"@timestamp":{"gte":"2025-01-17T08:00:00.000Z","lt":1737187199999,"format":"strict_date_optional_time||epoch_millis"}}},{"terms":{"event.kind":["alert","signal"]}}],"must":[{"match":{"message":{"query":"brute force"}}}],"must_not":[{"exists":{"field":"kibana.alert.building_block_type"}}],"should":[{"term":{"kibana.alert.workflow_status":{"value":"open","case_insensitive":true}}}]}},"sort":[{"@timestamp":{"order":"asc","format":"strict_date_optional_time_nanos"}},{"kibana.alert.uuid":{"order":"asc","unmapped_type":"keyword"}},{"event.sequence":{"order":"asc"}}],"search_after":["2021-05-20T05:30:04.832Z",4294967298,9223372036854775807],"_source":{"includes":["kibana.*","@timestamp"],"excludes":["kibana.alert.original_event.original"]},"track_total_hits":false,"seq_no_primary_term":true}""",
            request.ToJson());
    }

    [Fact]
    public void IdsQuery_WritesEachIdAsAString_EvenHostileOnes()
    {
        var request = new SearchRequest { Query = Query.Ids("a-1", "\"]},{\"match_all\":{}}", "line\nbreak") };

        Assert.Equal("""{"query":{"ids":{"values":["a-1","\"]},{\"match_all\":{}}","line\nbreak"]}}}""", request.ToJson());
        var values = JsonNode.Parse(request.ToJson())!["query"]!["ids"]!["values"]!.AsArray().Select(v => v!.GetValue<string>());
        Assert.Equal(["a-1", "\"]},{\"match_all\":{}}", "line\nbreak"], values);
    }

    [Theory]
    [InlineData("\"}},{\"match_all\":{}},{\"x\":\"")]
    [InlineData("a\\\"b\\\\c")]
    [InlineData("line\nbreak\ttab\u0000nul")]
    [InlineData("<script>alert(1)</script>&'")]
    [InlineData("ünïcødé ✓ 𝄞")]
    public void HostileValues_StayValues(string hostile)
    {
        var request = new SearchRequest
        {
            Query = Query.Bool().WithFilter(Query.Term(hostile, hostile), Query.Match("f", hostile), Query.Terms("f", hostile, hostile), Query.Range("f").GreaterThan(hostile)),
            SourceIncludes = [hostile],
        };

        var parsed = JsonNode.Parse(request.ToJson())!;

        var filter = parsed["query"]!["bool"]!["filter"]!.AsArray();
        Assert.Equal(4, filter.Count);
        Assert.Equal(hostile, filter[0]!["term"]!.AsObject().Single().Key);
        Assert.Equal(hostile, filter[0]!["term"]![hostile]!["value"]!.GetValue<string>());
        Assert.Equal(hostile, filter[1]!["match"]!["f"]!["query"]!.GetValue<string>());
        Assert.Equal([hostile, hostile], filter[2]!["terms"]!["f"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(hostile, filter[3]!["range"]!["f"]!["gt"]!.GetValue<string>());
        Assert.Equal(hostile, parsed["_source"]!["includes"]![0]!.GetValue<string>());
        Assert.Equal(["query", "_source"], parsed.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void QuotesAndBackslashes_AreEscapedByJsonRules()
    {
        var json = new SearchRequest { Query = Query.Term("user.name", "a\"b\\c") }.ToJson();

        Assert.Equal("""{"query":{"term":{"user.name":{"value":"a\"b\\c"}}}}""", json);
    }

    [Fact]
    public void SortOnId_IsRefusedAtTheBuilder()
    {
        var error = Assert.Throws<ArgumentException>(() => new SortField("_id"));

        Assert.Contains("Elasticsearch 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchAfter_MustMatchTheSortLength()
    {
        var request = new SearchRequest { Sort = [new SortField("@timestamp")], SearchAfter = [1L, "x"] };

        Assert.Throws<InvalidOperationException>(() => request.ToJson());
    }

    [Fact]
    public void Aggregations_AreWrittenWithSubAggregations()
    {
        var request = new SearchRequest
        {
            Size = 0,
            TrackTotalHits = TrackTotalHits.Bounded(10_000),
            Aggregations = new Dictionary<string, Aggregation>
            {
                ["by_rule"] = new TermsAggregation("kibana.alert.rule.name", 20) { SubAggregations = new Dictionary<string, Aggregation> { ["hosts"] = new CardinalityAggregation("host.name") { PrecisionThreshold = 1000 } } },
                ["per_minute"] = new DateHistogramAggregation("@timestamp") { FixedInterval = "1m", MinDocCount = 0 },
                ["per_day"] = new DateHistogramAggregation("@timestamp") { CalendarInterval = "day", Format = "yyyy-MM-dd", TimeZone = "Europe/Berlin" },
                ["latency"] = new PercentilesAggregation("event.duration", 50, 90, 99.9),
            },
        };

        Assert.Equal(
            """{"size":0,"track_total_hits":10000,"aggs":{"by_rule":{"terms":{"field":"kibana.alert.rule.name","size":20},"aggs":{"hosts":{"cardinality":{"field":"host.name","precision_threshold":1000}}}},"per_minute":{"date_histogram":{"field":"@timestamp","fixed_interval":"1m","min_doc_count":0}},"per_day":{"date_histogram":{"field":"@timestamp","calendar_interval":"day","format":"yyyy-MM-dd","time_zone":"Europe/Berlin"}},"latency":{"percentiles":{"field":"event.duration","percents":[50,90,99.9]}}}}""",
            request.ToJson());
    }

    [Fact]
    public void DateHistogram_NeedsExactlyOneInterval()
    {
        var request = new SearchRequest { Aggregations = new Dictionary<string, Aggregation> { ["x"] = new DateHistogramAggregation("@timestamp") } };

        Assert.Throws<InvalidOperationException>(() => request.ToJson());
    }

    [Fact]
    public void Bulk_IsNdjsonWithATrailingNewline()
    {
        var ndjson = System.Text.Encoding.UTF8.GetString(BulkOperation.ToNdjson(
        [
            BulkOperation.CreateDocument("alerts", "a\"1", new JsonObject { ["msg"] = "x\ny" }),
            BulkOperation.UpdateDocument("alerts", "a2", new JsonObject { ["kibana.alert.workflow_status"] = "closed" }) with { IfSeqNo = 4, IfPrimaryTerm = 1 },
            BulkOperation.DeleteDocument("alerts", "a3"),
        ]));

        Assert.Equal(
            "{\"create\":{\"_index\":\"alerts\",\"_id\":\"a\\\"1\"}}\n{\"msg\":\"x\\ny\"}\n"
            + "{\"update\":{\"_index\":\"alerts\",\"_id\":\"a2\",\"if_seq_no\":4,\"if_primary_term\":1}}\n{\"doc\":{\"kibana.alert.workflow_status\":\"closed\"}}\n"
            + "{\"delete\":{\"_index\":\"alerts\",\"_id\":\"a3\"}}\n",
            ndjson);
    }
}
