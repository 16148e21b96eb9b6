using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.AuditEvents;

namespace SecOps.IntegrationTests.Features.AuditEvents;

/// <summary>The read service's Elasticsearch side against the double (the store side is proven through <c>GET /api/v1/audit-events</c>).</summary>
public sealed class AuditEventQueriesTests : IAsyncLifetime
{
    private readonly string _store = TailApp.NewStoreDirectory();
    private ElasticsearchDouble _node = null!;

    public async Task InitializeAsync()
    {
        _node = await ElasticsearchDouble.StartAsync();
        AuditIndex.Create(_node);
        AuditIndex.Create(_node, AuditIndex.OwnRecords);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        TailApp.DeleteStore(_store);
    }

    [Fact]
    public async Task SearchSource_AsksElasticsearchAboutUsersAndHostsInTheWindow_NewestFirst_WithoutOwnRecords()
    {
        var t = new DateTimeOffset(2024, 2, 1, 9, 0, 0, TimeSpan.Zero);
        _node.Index(AuditIndex.Name, "s-1", AuditIndex.Event("s-1", t, user: "alice", host: "web-1"));
        _node.Index(AuditIndex.Name, "s-2", AuditIndex.Event("s-2", t.AddMinutes(1), user: "mallory", host: "db-1"));
        _node.Index(AuditIndex.Name, "s-3", AuditIndex.Event("s-3", t.AddMinutes(2), user: "bob", host: "web-1", category: "iam"));
        _node.Index(AuditIndex.Name, "s-4", AuditIndex.Event("s-4", t.AddMinutes(3), user: "alice", host: "x", category: "process"));
        _node.Index(AuditIndex.Name, "s-5", AuditIndex.Event("s-5", t.AddHours(2), user: "alice"));
        _node.Index(AuditIndex.OwnRecords, "own-1", AuditIndex.Event("own-1", t.AddMinutes(4), user: "alice", dataset: "secops.audit"));
        _node.Refresh();
        // Old enough that the tails (running too) never store these: the answer can only come from the search.
        using var app = new TailApp(_node, _store, new Dictionary<string, string?> { ["SecOps:Sources:Elasticsearch:Tail:InitialLookBack"] = "00:00:01" });
        var queries = app.Get<AuditEventQueries>();
        var (filter, _) = EventFilter.Create(["alice"], ["web-1"], t, t.AddHours(1));
        var analyst = new Actor("analyst-1", "Ana", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

        var events = await queries.SearchSourceAsync(analyst, filter!, CancellationToken.None);

        Assert.True(queries.SourceConfigured);
        Assert.Equal(["s-3", "s-1"], events.Select(e => e.DocumentId));
        Assert.Equal(("bob", "iam", AuditEventQueries.SourceSearch, 0L), (events[0].UserName, events[0].Category, events[0].Source, events[0].Id));
        Assert.Empty(await app.AuditEventsAsync());
    }

    [Fact]
    public async Task SearchSource_WithoutReadPermission_IsRefused()
    {
        using var app = new TailApp(_node, _store);
        var (filter, _) = EventFilter.Create([], [], DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow);
        var ingestOnly = new Actor("apikey:x", "ingest key", PermissionTable.ForScope(PermissionTable.ScopeIngest).ToHashSet());

        await Assert.ThrowsAsync<AccessDeniedException>(() => app.Get<AuditEventQueries>().SearchSourceAsync(ingestOnly, filter!, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.Get<AuditEventQueries>().ListAsync(ingestOnly, filter!, CancellationToken.None));
    }
}
