using System.Text.Json.Nodes;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.IntegrationTests.Elasticsearch;

/// <summary>search_after paging, refresh visibility and write calls through the real client against the double.</summary>
public sealed class ElasticsearchClientSearchTests : IAsyncLifetime
{
    private const string Index = ".internal.alerts-security.alerts-default-000001";
    private ElasticsearchDouble _node = null!;
    private ElasticsearchClientHost _host = null!;

    public async Task InitializeAsync()
    {
        _node = await ElasticsearchDouble.StartAsync();
        _node.Store.Create(Index, JsonNode.Parse("""{"mappings":{"properties":{"@timestamp":{"type":"date"},"kibana":{"properties":{"alert":{"properties":{"uuid":{"type":"keyword"},"workflow_status":{"type":"keyword"}}}}}}}}""")!.AsObject());
        _host = new ElasticsearchClientHost([_node.Uri]);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task SearchAfter_PagesThroughEveryDocumentExactlyOnce_WithTiesOnTime()
    {
        for (var i = 0; i < 23; i++)
        {
            // Dotted and nested keys mixed, three documents per millisecond, as alert documents arrive.
            _node.Index(Index, $"doc-{i}", new JsonObject
            {
                ["@timestamp"] = DateTimeOffset.FromUnixTimeMilliseconds(1_737_100_800_000 + i / 3).ToString("O"),
                ["kibana.alert.uuid"] = $"uuid-{22 - i:D2}",
                ["kibana"] = new JsonObject { ["alert"] = new JsonObject { ["workflow_status"] = "open" } },
            });
        }
        _node.Refresh();
        var seen = new List<string>();
        IReadOnlyList<FieldValue>? after = null;
        while (true)
        {
            var page = await _host.Client.SearchAsync(".alerts-security*,.internal.alerts-*", new SearchRequest
            {
                Size = 5,
                Query = Query.Bool().WithFilter(Query.Term("kibana.alert.workflow_status", "open")),
                Sort = [new SortField("@timestamp"), new SortField("kibana.alert.uuid")],
                SearchAfter = after,
            });
            if (page.Hits.Hits.Count == 0)
            {
                break;
            }
            seen.AddRange(page.Hits.Hits.Select(h => h.Id));
            after = [.. page.Hits.Hits[^1].Sort!.Select(v => (FieldValue)v)];
            Assert.Equal(new TotalHits(23, TotalHitsRelation.Eq), page.Hits.Total);
        }

        Assert.Equal(23, seen.Count);
        Assert.Equal(23, seen.Distinct().Count());
        // Within a millisecond the tiebreaker orders: doc-2 (uuid-20) before doc-1 (uuid-21) before doc-0 (uuid-22).
        Assert.Equal(["doc-2", "doc-1", "doc-0"], seen.Take(3));
    }

    [Fact]
    public async Task Writes_AreSearchableOnlyAfterRefresh()
    {
        _node.Index(Index, "late", new JsonObject { ["@timestamp"] = "2025-01-17T08:00:00.000Z", ["kibana.alert.uuid"] = "u" });

        var before = await _host.Client.CountAsync(Index);
        _node.Refresh();
        var after = await _host.Client.CountAsync(Index, Query.Term("kibana.alert.uuid", "u"));

        Assert.Equal((0L, 1L), (before.Count, after.Count));
    }

    [Fact]
    public async Task SortValues_AreEpochMillisAsExact64BitNumbers()
    {
        _node.Index(Index, "a", new JsonObject { ["@timestamp"] = "2025-01-17T08:00:00.123Z", ["kibana.alert.uuid"] = "u" }, refresh: true);

        var response = await _host.Client.SearchAsync(Index, new SearchRequest { Sort = [new SortField("@timestamp", SortOrder.Desc)], SourceIncludes = ["kibana.*"] });

        var hit = Assert.Single(response.Hits.Hits);
        Assert.Equal(1737100800123L, hit.Sort![0].GetInt64());
        Assert.Equal("""{"kibana.alert.uuid":"u"}""", hit.Source!.Value.GetRawText());
    }

    [Fact]
    public async Task Update_WithStaleSeqNo_IsAVersionConflict()
    {
        var bulk = await _host.Client.BulkAsync([BulkOperation.IndexDocument(Index, "a", new JsonObject { ["kibana.alert.uuid"] = "a" })], refresh: true);
        var created = Assert.Single(bulk.Items).Result;

        var updated = await _host.Client.UpdateAsync(Index, "a", new JsonObject { ["kibana.alert.workflow_status"] = "closed" }, created.SeqNo, created.PrimaryTerm);
        var conflict = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            _host.Client.UpdateAsync(Index, "a", new JsonObject { ["kibana.alert.workflow_status"] = "open" }, created.SeqNo, created.PrimaryTerm));

        Assert.Equal(("updated", 2L), (updated.Result, updated.Version));
        Assert.True(conflict.IsVersionConflict);
        Assert.Equal((409, "version_conflict_engine_exception"), (conflict.Status, conflict.Type));
    }

    [Fact]
    public async Task Create_OfAnExistingId_IsAVersionConflict_AndNeverOverwrites()
    {
        var created = await _host.Client.CreateAsync(Index, "7", new JsonObject { ["kibana.alert.uuid"] = "first" }, refresh: true);
        var conflict = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            _host.Client.CreateAsync(Index, "7", new JsonObject { ["kibana.alert.uuid"] = "second" }));

        Assert.Equal(("7", "created", 1L), (created.Id, created.Result, created.Version));
        Assert.Equal((409, "version_conflict_engine_exception"), (conflict.Status, conflict.Type));
        var stored = Assert.Single((await _host.Client.SearchAsync(Index, new SearchRequest { Query = Query.Ids("7") })).Hits.Hits);
        Assert.Equal("""{"kibana.alert.uuid":"first"}""", stored.Source!.Value.GetRawText());
        Assert.Equal("PUT", _node.Requests.First(r => r.Path.EndsWith("/_create/7", StringComparison.Ordinal)).Method);
    }

    [Fact]
    public async Task Bulk_ReportsPerItemErrors()
    {
        var response = await _host.Client.BulkAsync(
        [
            BulkOperation.CreateDocument(Index, "x", new JsonObject { ["a"] = 1 }),
            BulkOperation.CreateDocument(Index, "x", new JsonObject { ["a"] = 2 }),
            BulkOperation.UpdateDocument(Index, "missing", new JsonObject { ["a"] = 3 }),
        ]);

        Assert.True(response.Errors);
        Assert.Equal([201, 409, 404], response.Items.Select(i => i.Result.Status));
        Assert.Equal("document_missing_exception", response.Items[2].Result.Error!.Type);
    }

    [Fact]
    public async Task SortOnId_IsRefusedByTheDoubleAsByElasticsearch8()
    {
        using var http = new HttpClient { BaseAddress = _node.Uri };

        using var response = await http.PostAsync($"{Index}/_search", new StringContent("""{"sort":[{"_id":"asc"}]}""", System.Text.Encoding.UTF8, "application/json"));
        var error = ElasticsearchException.FromResponse((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());

        Assert.Equal((400, "illegal_argument_exception"), (error.Status, error.Type));
        Assert.StartsWith("Fielddata access on the _id field is disallowed", error.Reason);
    }
}
