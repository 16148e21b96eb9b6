using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Elasticsearch.Queries;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Elasticsearch.Queries;

/// <summary>
/// <see cref="SourceQueries"/> in the real app against the Elasticsearch double, which computes the aggregations these queries
/// use (terms, min/max, date_histogram, cardinality, percentiles) exactly over the matched documents.
/// </summary>
public sealed class SourceQueriesTests : IAsyncLifetime
{
    private const string Events = "logs-endpoint.events-default";
    private const string Alerts = ".alerts-security.alerts-metrics";
    private static readonly DateTimeOffset T = new(2024, 2, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Analyst = new("analyst-1", "Ana", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    private readonly string _store = TailApp.NewStoreDirectory();
    private ElasticsearchDouble _node = null!;
    private TailApp _app = null!;

    private SourceQueries Queries => _app.Get<SourceQueries>();

    public async Task InitializeAsync()
    {
        _node = await ElasticsearchDouble.StartAsync();
        CreateEventIndex(Events);
        CreateEventIndex(AuditIndex.OwnRecords);
        CreateAlertIndex();
        // The events are years old, so the tails (running too) never store them: every answer comes from the on-demand search.
        _app = new TailApp(_node, _store, new Dictionary<string, string?>
        {
            ["SecOps:Sources:Elasticsearch:EventIndices:0"] = "logs-endpoint.events-*",
            ["SecOps:Sources:Elasticsearch:EventIndices:1"] = AuditIndex.OwnRecords,
            ["SecOps:Sources:Elasticsearch:AlertIndices:0"] = Alerts,
            // No fault is tested here: the tail tests' half-second timeout only makes a busy machine's first search fail.
            ["SecOps:Sources:Elasticsearch:RequestTimeout"] = "00:00:10",
        });
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _node.DisposeAsync();
        TailApp.DeleteStore(_store);
    }

    [Fact]
    public async Task RawEvents_AreAboutTheUsersOrHostsInTheWindow_NewestFirst_Bounded_WithoutOwnRecords()
    {
        IndexEvent("e1", T, user: "alice", host: "web-1");
        IndexEvent("e2", T.AddMinutes(1), user: "mallory", host: "db-1");
        IndexEvent("e3", T.AddMinutes(2), user: "bob", host: "web-1");
        IndexEvent("e4", T.AddMinutes(3), user: "svc-backup", host: "db-2", relatedUsers: ["svc-backup", "alice"]);
        IndexEvent("e5", T.AddHours(2), user: "alice", host: "web-1");
        IndexEvent("own-1", T.AddMinutes(4), user: "alice", host: "web-1", index: AuditIndex.OwnRecords, dataset: "secops.audit");
        _node.Refresh();
        var (all, _) = EventFilter.Create(["alice"], ["web-1"], T, T.AddHours(1));
        var (two, _) = EventFilter.Create(["alice"], ["web-1"], T, T.AddHours(1), limit: 2);

        var result = await Queries.RawEventsAsync(Analyst, all!, CancellationToken.None);
        var page = await Queries.RawEventsAsync(Analyst, two!, CancellationToken.None);

        Assert.Equal(["e4", "e3", "e1"], result.Events.Select(e => e.Id));
        Assert.Equal(["e4", "e3"], page.Events.Select(e => e.Id));
        Assert.Equal(3, page.Total!.Value);
        var e4 = result.Events[0];
        Assert.Equal((T.AddMinutes(3), Events, "svc-backup", "db-2", "10.0.0.5"), (e4.Timestamp!.Value, e4.Index, e4.UserName, e4.HostName, e4.SourceIp));
        Assert.Equal(["authentication"], e4.Categories);
        Assert.Equal(("logged-in", "success", "endpoint.events", "svc-backup logged in on db-2"), (e4.Action, e4.Outcome, e4.Dataset, e4.Message));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task RawEvents_HostileValuesAreLiteralTerms_NotPatternsOrQueryText()
    {
        IndexEvent("star", T, user: "*");
        IndexEvent("inject", T.AddMinutes(1), user: "\" OR 1=1");
        IndexEvent("plain", T.AddMinutes(2), user: "alice");
        _node.Refresh();

        async Task<IEnumerable<string>> Ids(string user) =>
            (await Queries.RawEventsAsync(Analyst, EventFilter.Create([user], [], T, T.AddHours(1)).Filter!, CancellationToken.None)).Events.Select(e => e.Id);

        Assert.Equal(["star"], await Ids("*"));
        Assert.Equal(["inject"], await Ids("\" OR 1=1"));
        Assert.Empty(await Ids("al*"));
        Assert.Empty(await Ids("alice\\"));
    }

    [Fact]
    public async Task RawEvents_ShardFailure_IsSurfacedAsAWarning_WithTheHitsThatCame()
    {
        IndexEvent("e1", T, user: "alice");
        _node.Refresh();
        // Only this query's index fails a shard (the tails poll the double at the same time).
        _node.OnRequest = context =>
        {
            if (context.Request.Path.Value!.Contains("logs-endpoint.events", StringComparison.Ordinal))
            {
                context.Items[DoubleEndpoints.ShardFailureKey] = true;
            }
        };

        var result = await Queries.RawEventsAsync(Analyst, EventFilter.Create(["alice"], [], T, T.AddHours(1)).Filter!, CancellationToken.None);

        Assert.Equal(["e1"], result.Events.Select(e => e.Id));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("node_not_connected_exception", 1), (warning.Type, warning.Shard));
    }

    [Fact]
    public async Task Enrich_CountsTheIndicatorAcrossItsFields_WithFirstLastSeenTopValuesAndLatestEvents()
    {
        IndexEvent("a", T, user: "alice", host: "web-1", sourceIp: "10.0.0.5");
        IndexEvent("b", T.AddMinutes(5), user: "alice", host: "web-2", sourceIp: "10.0.0.5");
        IndexEvent("c", T.AddMinutes(10), user: "bob", host: "web-1", sourceIp: "192.168.1.1", destinationIp: "10.0.0.5");
        IndexEvent("d", T.AddMinutes(20), user: "carol", host: "web-1", sourceIp: "10.0.0.5");
        IndexEvent("other", T.AddMinutes(30), user: "alice", host: "web-1", sourceIp: "10.0.0.6");
        IndexEvent("late", T.AddHours(3), user: "alice", host: "web-1", sourceIp: "10.0.0.5");
        IndexEvent("own", T.AddMinutes(25), user: "alice", host: "web-1", sourceIp: "10.0.0.5", index: AuditIndex.OwnRecords, dataset: "secops.audit");
        _node.Refresh();
        var (request, _) = EnrichmentRequest.Create("ip", "10.0.0.5", T, T.AddHours(1), top: 2, latest: 2);

        var result = await Queries.EnrichAsync(Analyst, request!, CancellationToken.None);

        Assert.Equal((IndicatorKind.Ip, "10.0.0.5", 4L), (result.Kind, result.Value, result.Total));
        Assert.Equal((T, T.AddMinutes(20)), (result.FirstSeen, result.LastSeen));
        Assert.Equal(["d", "c"], result.Latest.Select(e => e.Id));
        Assert.Equal([new("web-1", 3), new ValueCount("web-2", 1)], result.TopHosts.Values);
        Assert.Equal([new("alice", 2), new ValueCount("bob", 1)], result.TopUsers.Values);
        Assert.Equal(1, result.TopUsers.Other);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task Enrich_WithNoMatch_IsEmpty_AndAHashIsMatchedWhateverItsCase()
    {
        IndexEvent("h", T, user: "alice", sha256: "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855");
        _node.Refresh();

        var none = await Queries.EnrichAsync(Analyst, EnrichmentRequest.Create("user", "*", T, T.AddHours(1)).Request!, CancellationToken.None);
        var hash = await Queries.EnrichAsync(Analyst,
            EnrichmentRequest.Create("hash", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", T, T.AddHours(1)).Request!, CancellationToken.None);

        Assert.Equal((0L, null, null), (none.Total, none.FirstSeen, none.LastSeen));
        Assert.Empty(none.Latest);
        Assert.Empty(none.TopHosts.Values);
        Assert.Equal(["h"], hash.Latest.Select(e => e.Id));
    }

    [Fact]
    public async Task AlertMetrics_BucketTheWindowBySeverity_WithDistinctHostsAndRiskPercentiles()
    {
        IndexAlert("a1", T, "high", "web-1", 73);
        IndexAlert("a2", T.AddHours(2), "high", "web-2", 73);
        IndexAlert("a3", T.AddHours(3), "low", "web-1", 21);
        IndexAlert("a4", T.AddDays(2), "critical", "db-1", 99);
        IndexAlert("a5", T.AddDays(2).AddHours(1), "medium", "web-1", 47);
        IndexAlert("outside", T.AddDays(5), "critical", "db-9", 99);
        _node.Refresh();
        var day = new DateTimeOffset(T.Date, TimeSpan.Zero);
        var (request, _) = AlertMetricsRequest.Create(day, day.AddDays(3).AddTicks(-1), MetricsInterval.Calendar(CalendarUnit.Day));

        var result = await Queries.AlertMetricsAsync(Analyst, request!, CancellationToken.None);

        Assert.Equal(5, result.Total);
        Assert.Equal([day, day.AddDays(1), day.AddDays(2)], result.Series.Select(b => b.Start));
        Assert.Equal([3L, 0, 2], result.Series.Select(b => b.Count));
        Assert.Equal([new("high", 2), new ValueCount("low", 1)], result.Series[0].Split.Values);
        Assert.Empty(result.Series[1].Split.Values);
        Assert.Equal([new("critical", 1), new ValueCount("medium", 1)], result.Series[2].Split.Values);
        Assert.Equal(3, result.DistinctHosts);
        Assert.Equal(73, result.RiskScorePercentiles[50]);
        Assert.Equal("kibana.alert.severity", result.Fields.Severity);
    }

    [Fact]
    public async Task EveryQuery_WithoutAlertsRead_IsRefusedAndAudited()
    {
        var metricsKey = new Actor("apikey:m", "metrics key", PermissionTable.ForScope(PermissionTable.ScopeMetrics).ToHashSet());
        var window = (From: T, To: T.AddHours(1));

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Queries.RawEventsAsync(metricsKey, EventFilter.Create(["alice"], [], window.From, window.To).Filter!, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Queries.EnrichAsync(metricsKey, EnrichmentRequest.Create("user", "alice", window.From, window.To).Request!, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Queries.AlertMetricsAsync(metricsKey, AlertMetricsRequest.Create(window.From, window.To, MetricsInterval.Calendar(CalendarUnit.Hour)).Request!, CancellationToken.None));

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var refused = await db.AuditRecords.Where(r => r.ActorId == "apikey:m" && r.Outcome == AuditOutcome.Refused).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(["source.raw-events", "source.enrich", "source.alert-metrics"], refused.Select(r => r.Action));
        Assert.DoesNotContain(refused, r => (r.Target ?? "").Contains("alice", StringComparison.Ordinal));
        // The event indices are read by nothing else (the alert tail polls the alert index, so it cannot be counted here).
        Assert.Equal(0, _node.CountRequests("logs-endpoint"));
    }

    [Fact]
    public async Task EveryQuery_WithoutAConfiguredSource_SaysSo()
    {
        using var app = new SecOpsApp();
        var queries = app.Get<SourceQueries>();

        var events = await Assert.ThrowsAsync<SourceNotConfiguredException>(() =>
            queries.RawEventsAsync(Analyst, EventFilter.Create(["alice"], [], T, T.AddHours(1)).Filter!, CancellationToken.None));
        var enrich = await Assert.ThrowsAsync<SourceNotConfiguredException>(() =>
            queries.EnrichAsync(Analyst, EnrichmentRequest.Create("ip", "10.0.0.5", T, T.AddHours(1)).Request!, CancellationToken.None));
        var metrics = await Assert.ThrowsAsync<SourceNotConfiguredException>(() =>
            queries.AlertMetricsAsync(Analyst, AlertMetricsRequest.Create(T, T.AddHours(1), MetricsInterval.Calendar(CalendarUnit.Hour)).Request!, CancellationToken.None));

        Assert.False(queries.EventsConfigured || queries.AlertsConfigured);
        Assert.Equal("No Elasticsearch source is configured for this query (SecOps:Sources:Elasticsearch:Nodes and EventIndices).", events.Message);
        Assert.Equal("EventIndices", enrich.IndicesSetting);
        Assert.Equal("AlertIndices", metrics.IndicesSetting);
    }

    private void CreateEventIndex(string name)
    {
        var properties = new JsonObject { ["@timestamp"] = new JsonObject { ["type"] = "date" } };
        foreach (var field in new[] { "event.category", "event.action", "event.outcome", "event.dataset", "data_stream.dataset", "user.name", "user.id",
            "user.target.name", "related.user", "related.hosts", "host.name", "host.hostname", "file.hash.sha256", "process.hash.sha256", "related.hash" })
        {
            properties[field] = new JsonObject { ["type"] = "keyword" };
        }
        foreach (var field in new[] { "source.ip", "destination.ip", "client.ip", "server.ip", "host.ip", "related.ip" })
        {
            properties[field] = new JsonObject { ["type"] = "ip" };
        }
        _node.Store.Create(name, new JsonObject { ["mappings"] = new JsonObject { ["properties"] = properties } });
    }

    private void CreateAlertIndex() => _node.Store.Create(Alerts, new JsonObject
    {
        ["mappings"] = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["@timestamp"] = new JsonObject { ["type"] = "date" },
                ["kibana.alert.uuid"] = new JsonObject { ["type"] = "keyword" },
                ["kibana.alert.severity"] = new JsonObject { ["type"] = "keyword" },
                ["kibana.alert.risk_score"] = new JsonObject { ["type"] = "float" },
                ["host.name"] = new JsonObject { ["type"] = "keyword" },
            },
        },
    });

    private void IndexEvent(string id, DateTimeOffset at, string user = "alice", string host = "web-1", string sourceIp = "10.0.0.5",
        string? destinationIp = null, IReadOnlyList<string>? relatedUsers = null, string? sha256 = null, string index = Events, string dataset = "endpoint.events")
    {
        var document = new JsonObject
        {
            ["@timestamp"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["event"] = new JsonObject { ["category"] = new JsonArray("authentication"), ["action"] = "logged-in", ["outcome"] = "success" },
            ["data_stream"] = new JsonObject { ["type"] = "logs", ["dataset"] = dataset, ["namespace"] = "default" },
            ["user"] = new JsonObject { ["name"] = user },
            ["host"] = new JsonObject { ["name"] = host },
            ["source"] = new JsonObject { ["ip"] = sourceIp },
            ["message"] = $"{user} logged in on {host}",
        };
        if (destinationIp is not null)
        {
            document["destination"] = new JsonObject { ["ip"] = destinationIp };
        }
        if (relatedUsers is not null)
        {
            document["related"] = new JsonObject { ["user"] = new JsonArray([.. relatedUsers.Select(u => (JsonNode)u)]) };
        }
        if (sha256 is not null)
        {
            document["file"] = new JsonObject { ["hash"] = new JsonObject { ["sha256"] = sha256 } };
        }
        _node.Index(index, id, document);
    }

    private void IndexAlert(string uuid, DateTimeOffset at, string severity, string host, double riskScore) => _node.Index(Alerts, uuid, new JsonObject
    {
        ["@timestamp"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        ["kibana.alert.uuid"] = uuid,
        ["kibana.alert.severity"] = severity,
        ["kibana.alert.risk_score"] = riskScore,
        ["host"] = new JsonObject { ["name"] = host },
    });
}
