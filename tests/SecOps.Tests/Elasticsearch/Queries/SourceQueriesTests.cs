using System.Text.Json;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Elasticsearch.Queries;

namespace SecOps.Tests.Elasticsearch.Queries;

/// <summary>The exact request bodies of the on-demand queries; the service against the double is an integration test.</summary>
public sealed class SourceQueriesTests
{
    private static readonly DateTimeOffset From = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private const string Window = """{"range":{"@timestamp":{"gte":"2024-05-01T00:00:00.000Z","lte":"2024-05-01T01:00:00.000Z"}}}""";
    private const string OwnRecordsExcluded = "\"must_not\":" + """[{"term":{"data_stream.dataset":{"value":"secops.audit","case_insensitive":true}}}]""";
    private const string Source = "\"_source\":" + """{"includes":["@timestamp","event.category","event.action","event.outcome","event.dataset","data_stream.dataset","user.name","host.name","host.hostname","source.ip","client.ip","message"]}""";

    /// <summary>Fills the §Name§ placeholders of an expected body (brace-heavy JSON does not suit interpolation).</summary>
    private static string Expand(string template, string users = "", string value = "") => template
        .Replace("§Window§", Window, StringComparison.Ordinal)
        .Replace("§OwnRecordsExcluded§", OwnRecordsExcluded, StringComparison.Ordinal)
        .Replace("§Source§", Source, StringComparison.Ordinal)
        .Replace("§users§", users, StringComparison.Ordinal)
        .Replace("§value§", value, StringComparison.Ordinal);

    [Fact]
    public void RawEventsSearch_IsTypedDsl_WithHostileUsersAndHostsAsLiteralTermValues()
    {
        var (filter, _) = EventFilter.Create(["\" OR 1=1", "al\\ice*", "bob\"}]"], ["web-*"], From, From.AddHours(1));

        var json = SourceQueries.RawEventsSearch(filter!).ToJson();

        const string users = """["\" OR 1=1","al\\ice*","bob\"}]"]""";
        Assert.Equal(
            Expand("""{"size":200,"query":{"bool":{"filter":[§Window§,{"bool":{"should":[{"terms":{"user.name":§users§}},{"terms":{"user.id":§users§}},{"terms":{"user.target.name":§users§}},{"terms":{"related.user":§users§}},{"terms":{"host.name":["web-*"]}},{"terms":{"host.hostname":["web-*"]}},{"terms":{"related.hosts":["web-*"]}}],"minimum_should_match":1}}],§OwnRecordsExcluded§}},"sort":[{"@timestamp":{"order":"desc","unmapped_type":"date"}}],§Source§,"track_total_hits":10000}""", users),
            json);
        // Parsed back, each hostile value is one intact string: nothing it contains became query structure.
        var terms = JsonDocument.Parse(json).RootElement.GetProperty("query").GetProperty("bool").GetProperty("filter")[1].GetProperty("bool").GetProperty("should")[0];
        Assert.Equal(["\" OR 1=1", "al\\ice*", "bob\"}]"], terms.GetProperty("terms").GetProperty("user.name").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void RawEventsSearch_WithoutUsersOrHosts_IsTheWindowOnly_AndTheLimitIsBounded()
    {
        var (filter, _) = EventFilter.Create([], [" ", null], From, From.AddHours(1), 50_000);

        Assert.Equal(
            Expand("""{"size":1000,"query":{"bool":{"filter":[§Window§],§OwnRecordsExcluded§}},"sort":[{"@timestamp":{"order":"desc","unmapped_type":"date"}}],§Source§,"track_total_hits":10000}"""),
            SourceQueries.RawEventsSearch(filter!).ToJson());
        Assert.Equal(1, EventFilter.Create([], [], From, From, 0).Filter!.Limit);
    }

    [Fact]
    public void RawEventFilter_RefusesTooManyOrTooLongValuesAndABackwardWindow()
    {
        Assert.NotNull(EventFilter.Create(Enumerable.Range(0, 101).Select(i => "u" + i), [], From, From).Error);
        Assert.NotNull(EventFilter.Create([], [new string('h', 257)], From, From).Error);
        Assert.NotNull(EventFilter.Create(["alice"], [], From, From.AddSeconds(-1)).Error);
        Assert.Equal(["alice"], EventFilter.Create(["alice", " alice "], [], From, From).Filter!.Users);
    }

    [Fact]
    public void EnrichmentSearch_IsTheIndicatorAsTermValues_WithCountTimesTopValuesAndLatestEvents()
    {
        var (request, _) = EnrichmentRequest.Create("user", "x\" OR \"1\"=\"1\\*", From, From.AddHours(1), top: 5, latest: 3);

        var json = SourceQueries.EnrichmentSearch(request!).ToJson();

        const string value = "\"x\\\" OR \\\"1\\\"=\\\"1\\\\*\"";
        Assert.Equal(
            Expand("""{"size":3,"query":{"bool":{"filter":[§Window§,{"bool":{"should":[{"term":{"user.name":{"value":§value§}}},{"term":{"user.id":{"value":§value§}}},{"term":{"user.target.name":{"value":§value§}}},{"term":{"related.user":{"value":§value§}}}],"minimum_should_match":1}}],§OwnRecordsExcluded§}},"sort":[{"@timestamp":{"order":"desc","unmapped_type":"date"}}],§Source§,"track_total_hits":true,"aggs":{"first_seen":{"min":{"field":"@timestamp"}},"last_seen":{"max":{"field":"@timestamp"}},"top_hosts":{"terms":{"field":"host.name","size":5}},"top_users":{"terms":{"field":"user.name","size":5}}}}""", value: value),
            json);
        var term = JsonDocument.Parse(json).RootElement.GetProperty("query").GetProperty("bool").GetProperty("filter")[1].GetProperty("bool").GetProperty("should")[0];
        Assert.Equal("x\" OR \"1\"=\"1\\*", term.GetProperty("term").GetProperty("user.name").GetProperty("value").GetString());
    }

    [Fact]
    public void EnrichmentSearch_ForAHash_SearchesThatAlgorithmsFieldsCaseInsensitively_AndBoundsSizes()
    {
        var (request, _) = EnrichmentRequest.Create("hash", "D41D8CD98F00B204E9800998ECF8427E", From, From.AddHours(1), top: 500, latest: 5000);

        var body = JsonDocument.Parse(SourceQueries.EnrichmentSearch(request!).ToJson()).RootElement;

        Assert.Equal(
            """{"bool":{"should":[{"term":{"file.hash.md5":{"value":"d41d8cd98f00b204e9800998ecf8427e","case_insensitive":true}}},{"term":{"process.hash.md5":{"value":"d41d8cd98f00b204e9800998ecf8427e","case_insensitive":true}}},{"term":{"related.hash":{"value":"d41d8cd98f00b204e9800998ecf8427e","case_insensitive":true}}}],"minimum_should_match":1}}""",
            body.GetProperty("query").GetProperty("bool").GetProperty("filter")[1].GetRawText());
        Assert.Equal(EnrichmentRequest.MaxLatest, body.GetProperty("size").GetInt32());
        Assert.Equal(EnrichmentRequest.MaxTop, body.GetProperty("aggs").GetProperty("top_hosts").GetProperty("terms").GetProperty("size").GetInt32());
    }

    [Fact]
    public void AlertMetricsSearch_ForElasticSecurity_HistogramsBySeverityWithHostCardinalityAndRiskPercentiles()
    {
        var (request, _) = AlertMetricsRequest.Create(From, From.AddDays(7), MetricsInterval.Calendar(CalendarUnit.Day));
        var fields = AlertMetricsFields.For(SourcePresets.ElasticSecurity);

        var json = SourceQueries.AlertMetricsSearch(SourcePresets.ElasticSecurity, request!, fields).ToJson();

        Assert.Equal(
            """{"size":0,"query":{"bool":{"filter":[{"range":{"@timestamp":{"gte":"2024-05-01T00:00:00.000Z","lte":"2024-05-08T00:00:00.000Z"}}}]}},"track_total_hits":true,"aggs":{"over_time":{"date_histogram":{"field":"@timestamp","calendar_interval":"day","min_doc_count":0,"extended_bounds":{"min":1714521600000,"max":1715126400000}},"aggs":{"by_severity":{"terms":{"field":"kibana.alert.severity","size":10}}}},"hosts":{"cardinality":{"field":"host.name"}},"risk_score":{"percentiles":{"field":"kibana.alert.risk_score","percents":[50,90,95,99]}}}}""",
            json);
    }

    [Fact]
    public void AlertMetricsSearch_ForOtherPresets_UsesTheirFiltersAndEcsSeverity_OrTheFieldsGiven()
    {
        var (hourly, _) = AlertMetricsRequest.Create(From, From.AddHours(6), MetricsInterval.Fixed(TimeSpan.FromMinutes(90)), percents: [99, 50, 50]);
        var suricata = AlertMetricsFields.For(SourcePresets.Suricata);

        var body = JsonDocument.Parse(SourceQueries.AlertMetricsSearch(SourcePresets.Suricata, hourly!, suricata).ToJson()).RootElement;

        Assert.Equal(new AlertMetricsFields("event.severity", "observer.hostname", "event.risk_score"), suricata);
        Assert.Equal(new AlertMetricsFields("event.severity", "agent.name", "event.risk_score"), AlertMetricsFields.For(SourcePresets.Wazuh));
        Assert.Equal(new AlertMetricsFields("event.severity", "host.name", "event.risk_score"), AlertMetricsFields.For(SourcePresets.GenericEcs));
        Assert.Equal(
            """[{"range":{"@timestamp":{"gte":"2024-05-01T00:00:00.000Z","lte":"2024-05-01T06:00:00.000Z"}}},{"term":{"event.kind":{"value":"alert"}}},{"term":{"event.dataset":{"value":"suricata.eve"}}}]""",
            body.GetProperty("query").GetProperty("bool").GetProperty("filter").GetRawText());
        var histogram = body.GetProperty("aggs").GetProperty("over_time");
        Assert.Equal("90m", histogram.GetProperty("date_histogram").GetProperty("fixed_interval").GetString());
        Assert.Equal("event.severity", histogram.GetProperty("aggs").GetProperty("by_severity").GetProperty("terms").GetProperty("field").GetString());
        Assert.Equal("[50,99]", body.GetProperty("aggs").GetProperty("risk_score").GetProperty("percentiles").GetProperty("percents").GetRawText());
    }

    [Theory]
    [InlineData(1, "1s")]
    [InlineData(90, "90s")]
    [InlineData(300, "5m")]
    [InlineData(7200, "2h")]
    [InlineData(172800, "2d")]
    public void FixedInterval_IsWrittenInTheLargestWholeUnit(int seconds, string expected)
    {
        var histogram = MetricsInterval.Fixed(TimeSpan.FromSeconds(seconds)).ApplyTo(new("@timestamp"));

        Assert.Equal(expected, histogram.FixedInterval);
        Assert.Null(histogram.CalendarInterval);
    }

    [Fact]
    public void AlertMetricsRequest_RefusesTooManyBucketsBadFieldsAndBadPercents()
    {
        var day = MetricsInterval.Calendar(CalendarUnit.Day);

        Assert.Contains("1000 buckets", AlertMetricsRequest.Create(From, From.AddDays(30), MetricsInterval.Fixed(TimeSpan.FromMinutes(1))).Error, StringComparison.Ordinal);
        Assert.Null(AlertMetricsRequest.Create(From, From.AddDays(365), day).Error);
        Assert.NotNull(AlertMetricsRequest.Create(From, From.AddDays(30), default).Error);
        Assert.NotNull(AlertMetricsRequest.Create(From, From.AddDays(-1), day).Error);
        Assert.NotNull(AlertMetricsRequest.Create(From, From.AddDays(1), day, new AlertMetricsFields("kibana.alert.*", "host.name", "x")).Error);
        Assert.NotNull(AlertMetricsRequest.Create(From, From.AddDays(1), day, new AlertMetricsFields("a\"b", "host.name", "x")).Error);
        Assert.NotNull(AlertMetricsRequest.Create(From, From.AddDays(1), day, new AlertMetricsFields("sev", "host..name", "x")).Error);
        Assert.NotNull(AlertMetricsRequest.Create(From, From.AddDays(1), day, percents: [0]).Error);
        Assert.NotNull(AlertMetricsRequest.Create(From, From.AddDays(1), day, percents: [100.5]).Error);
        Assert.NotNull(AlertMetricsRequest.Create(From, From.AddDays(1), day, percents: [double.NaN]).Error);
        Assert.NotNull(AlertMetricsRequest.Create(From, From.AddDays(1), day, percents: []).Error);
        Assert.Null(AlertMetricsRequest.Create(From, From.AddDays(1), day, new AlertMetricsFields("event.severity_label", "@host-name", "risk_score")).Error);
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricsInterval.Fixed(TimeSpan.FromMilliseconds(1500)));
    }
}
