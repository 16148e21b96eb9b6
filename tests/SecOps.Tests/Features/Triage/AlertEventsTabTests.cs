using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Queries;
using SecOps.Web.Elasticsearch.Responses;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

/// <summary>
/// The drawer's Events tab against a source answering with a real search response (Elasticsearch's own documentation
/// example), plus one hit with hostile values: every event field is rendered as text.
/// </summary>
public sealed class AlertEventsTabTests : ComponentTest
{
    private readonly SqliteStore _store;
    private readonly FakeSource _source = new();

    public AlertEventsTabTests()
    {
        _store = new SqliteStore(Services);
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddOptions<ElasticsearchOptions>().Configure(o => o.Nodes = [new Uri("https://es.example.test:9200")]);
        Services.AddSingleton<IElasticsearchClient>(_source);
        Services.AddSingleton<SourceQueries>();
        Services.AddSingleton<AlertInvestigation>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    private static readonly Actor Analyst = new("analyst-1", "ana", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    /// <summary>search_response_basic.json as Elasticsearch sent it, with a second hit whose values are hostile.</summary>
    private static SearchResponse Response()
    {
        var json = JsonNode.Parse(File.ReadAllText(SharedFixtures.PathOf("search/search_response_basic.json")))!;
        var hits = json["hits"]!["hits"]!.AsArray();
        hits.Add(new JsonObject
        {
            ["_index"] = "logs-<b>bold</b>",
            ["_id"] = "1",
            ["_source"] = new JsonObject
            {
                ["@timestamp"] = "2099-11-15T14:00:00Z",
                ["event"] = new JsonObject { ["category"] = new JsonArray("authentication", "<i>iam</i>"), ["action"] = "logon\u202Efailed", ["outcome"] = "<u>failure</u>" },
                ["user"] = new JsonObject { ["name"] = "<img src=x onerror=alert(1)>" },
                ["host"] = new JsonObject { ["name"] = "web\u202Eexe.01" },
                ["source"] = new JsonObject { ["ip"] = "<svg onload=alert(1)>" },
                ["message"] = "<script>alert(1)</script>\u0007 & done",
            },
        });
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<SearchResponse>)ElasticsearchJsonContext.Default.GetTypeInfo(typeof(SearchResponse))!;
        return JsonSerializer.Deserialize(json.ToJsonString(), typeInfo)!;
    }

    [Fact]
    public void RealEvents_AreListedAsText_WithHostileValuesEscapedAndCleaned()
    {
        _source.Answer = Response();
        var alert = Alerts.View(7, host: "web-01") with { UserName = "kimchy" };

        var tab = Render<AlertEventsTab>(p => p.Add(t => t.Alert, alert).Add(t => t.Actor, Analyst));

        tab.WaitForAssertion(() => Assert.Equal(2, tab.FindAll("li.source-event").Count));
        // The query went to the event indices, about this alert's host and user.
        var (index, request) = Assert.Single(_source.Searches);
        Assert.Equal("logs-*", index);
        var body = request.ToJson();
        Assert.Contains("\"web-01\"", body);
        Assert.Contains("\"kimchy\"", body);

        var rows = tab.FindAll("li.source-event");
        // The documentation's event: time, address and message as sent.
        Assert.Equal("2099-11-15 14:12:12", rows[0].QuerySelector("time")!.TextContent);
        Assert.Equal("from 127.0.0.1", rows[0].QuerySelector(".source-event-who")!.TextContent.Trim());
        Assert.Equal("GET /search HTTP/1.1 200 1070000", rows[0].QuerySelector(".source-event-message")!.TextContent);

        // The hostile event: markup stays text, control and bidi characters show as a visible replacement, a non-address is dropped.
        var hostile = rows[1];
        Assert.Empty(hostile.QuerySelectorAll("img, script, svg, i, u, b"));
        Assert.Equal("authentication, <i>iam</i> logon\uFFFDfailed", hostile.QuerySelector(".source-event-what")!.TextContent.Trim());
        Assert.Equal("<u>failure</u>", hostile.QuerySelector(".source-event-outcome")!.TextContent);
        Assert.Equal("user <img src=x onerror=alert(1)> · host web\uFFFDexe.01", hostile.QuerySelector(".source-event-who")!.TextContent.Trim());
        Assert.Equal("<script>alert(1)</script>\uFFFD & done", hostile.QuerySelector(".source-event-message")!.TextContent);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", hostile.InnerHtml);
        Assert.DoesNotContain("\u202E", tab.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", tab.Markup, StringComparison.Ordinal);

        // The response's total (20) is more than the hits shown.
        Assert.StartsWith("Latest 2 of 20 events about host web-01 or user kimchy", tab.Find(".events-caption").TextContent.Trim());
    }

    [Fact]
    public void SourceFailure_SaysSo_AndTryAgainAsksOnceMore()
    {
        _source.Failure = new ElasticsearchUnavailableException([new HttpRequestException("connection refused")]);
        var tab = Render<AlertEventsTab>(p => p.Add(t => t.Alert, Alerts.View(8)).Add(t => t.Actor, Analyst));
        tab.WaitForAssertion(() => Assert.Contains("did not answer", tab.Markup));

        _source.Failure = null;
        _source.Answer = Response();
        tab.FindAll("button").Single(b => b.TextContent.Contains("Try again")).Click();

        tab.WaitForAssertion(() => Assert.Equal(2, tab.FindAll("li.source-event").Count));
        Assert.Equal(2, _source.Searches.Count);
    }

    /// <summary>Answers searches with a fixed response and records what was asked; nothing else is expected.</summary>
    private sealed class FakeSource : IElasticsearchClient
    {
        public SearchResponse? Answer { get; set; }
        public Exception? Failure { get; set; }
        public List<(string Index, SearchRequest Request)> Searches { get; } = [];

        public Task<SearchResponse> SearchAsync(string index, SearchRequest request, CancellationToken cancellationToken = default)
        {
            Searches.Add((index, request));
            return Failure is { } failure ? Task.FromException<SearchResponse>(failure) : Task.FromResult(Answer!);
        }

        public Task<InfoResponse> InfoAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<CountResponse> CountAsync(string index, Query? query = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<BulkResponse> BulkAsync(IReadOnlyCollection<BulkOperation> operations, string? index = null, bool refresh = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<MultiGetResponse> MultiGetAsync(IReadOnlyCollection<MultiGetItem> documents, IReadOnlyList<string>? sourceIncludes = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<WriteResponse> CreateAsync(string index, string id, JsonObject document, bool refresh = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<WriteResponse> UpdateAsync(string index, string id, JsonObject partialDocument, long? ifSeqNo = null, long? ifPrimaryTerm = null, bool refresh = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ByQueryResponse> UpdateByQueryAsync(string index, Query query, PainlessScript script, bool proceedOnConflicts = false, bool refresh = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
