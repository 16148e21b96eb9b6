using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Outbound;
using SecOps.Web.Features.Playbooks;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Playbooks;

/// <summary>Shared by the automated-step tests: a one-step playbook, attaching it, and reading the step's task once it ran.</summary>
internal static class AutomatedStepPlaybook
{
    public static readonly Actor Responder = As(Roles.Responder, "bo");

    public static async Task ImportAsync(SecOpsApp app, string automated)
    {
        var yaml = $"""
            id: look-around
            name: Look around
            phases:
              - phase: detection-and-analysis
                steps:
                  - id: automated
                    title: Look the observables up
                    owner: responder
                    sla: 15m
                    automated: {automated}
            """;
        var imported = await app.Get<PlaybookLibrary>().ImportAsync(Actor.System, yaml, CancellationToken.None);
        Assert.Empty(imported.Errors);
    }

    /// <summary>Attaches the playbook and waits for the step's outcome to be recorded (the incident's second change).</summary>
    public static async Task<IncidentTask> RunAsync(SecOpsApp app, NewIncident draft)
    {
        var created = await app.Get<IncidentEscalation>().CreateAsync(Responder, draft, [], CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        var changes = new Arrivals<long>();
        using var _ = app.Get<LiveFeed>().SubscribeIncidents(c => changes.Add(c.Incident.Id));
        Assert.True((await app.Get<PlaybookRunner>().AttachAsync(Responder, created.IncidentId, "look-around", CancellationToken.None)).Succeeded);
        await changes.WaitUntilAsync(c => c.Count(i => i == created.IncidentId) >= 2, "the automated step's outcome on the incident");
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.IncidentTasks.AsNoTracking().SingleAsync(t => t.IncidentId == created.IncidentId);
    }
}

/// <summary>
/// The threat-intelligence step: each observable goes to MISP's restSearch (exact value, API key in the header, through
/// the outbound path to an allowlisted receiver); the hits become the task's note as text; TLP:RED is never sent;
/// without a provider the step stays open and says why.
/// </summary>
public sealed class ThreatIntelStepTests : IAsyncLifetime
{
    private const string Key = "misp-test-key-0123456789";
    private readonly FakeResolver _dns = new();
    private readonly LoopbackOnlyDialer _dialer = new();
    private WebhookReceiver _misp = null!;
    private SecOpsApp _app = null!;

    public async Task InitializeAsync()
    {
        _misp = await WebhookReceiver.StartAsync();
        _misp.JsonAnswer = request => JsonDocument.Parse(request.Body).RootElement.GetProperty("value").GetString() == "203.0.113.9"
            ? """
              {"response":{"Attribute":[{"id":"41","event_id":"7","category":"Network activity","type":"ip-dst","to_ids":true,"uuid":"5f0c2d1e-0d7b-4f3e-9d52-1a0c6e6f7a10",
              "timestamp":"1733400000","distribution":"1","comment":"","deleted":false,"value":"203.0.113.9",
              "Event":{"id":"7","info":"<img src=x onerror=alert(1)> Credential phishing wave","orgc_id":"1","uuid":"0b5e6d7c-2f4a-4c1b-8e9d-3a2b1c0d9e8f"}}]}}
              """
            : """{"response":{"Attribute":[]}}""";
        _dns.Answer("misp.test", ["127.0.0.1"]);
        _app = new SecOpsApp(new Dictionary<string, string?>
        {
            ["SecOps:ThreatIntel:Misp:Url"] = $"http://misp.test:{_misp.Endpoint.Port}/",
            ["SecOps:ThreatIntel:Misp:ApiKey"] = Key,
        }, services: s => s
            .AddSingleton<IOutboundResolver>(_dns)
            .AddSingleton<IOutboundDialer>(_dialer)
            .AddSingleton(new LoopbackReceiver("misp.test", _misp.Endpoint)));
        await AutomatedStepPlaybook.ImportAsync(_app, "threat-intel");
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _misp.DisposeAsync();
    }

    [Fact]
    public async Task EachObservable_IsLookedUpWithTheKey_AndTheHitsCompleteTheTaskAsText()
    {
        var task = await AutomatedStepPlaybook.RunAsync(_app, new NewIncident("Phish", Observables:
            [new NewObservable(ObservableType.Ip, "203.0.113.9", Ioc: true), new NewObservable(ObservableType.Domain, "quiet.example")]));

        var requests = _misp.Requests.Snapshot();
        Assert.Equal(["/attributes/restSearch", "/attributes/restSearch"], requests.Select(r => r.Path));
        Assert.All(requests, r => Assert.Equal(Key, r.Authorization));
        Assert.Equal(["203.0.113.9", "quiet.example"], requests.Select(r => JsonNode.Parse(r.Body)!["value"]!.GetValue<string>()));
        Assert.Equal((TaskState.Done, "SecOps automation"), (task.State, task.ClosedByName));
        Assert.Equal($"""
            Threat intelligence from MISP at misp.test:
            - ip 203.0.113.9: 1 hit, marked for detection — "<img src=x onerror=alert(1)> Credential phishing wave" (Network activity, ip-dst)
            - domain quiet.example: no hits
            """.ReplaceLineEndings("\n"), task.EvidenceNote);
        var audit = await AuditWaits.OnceItHoldsAsync(_app, r => r.Action == "incident.task.threat-intel", "the lookup");
        var record = Assert.Single(audit, r => r.Action == "incident.task.threat-intel");
        Assert.Equal(AuditOutcome.Success, record.Outcome);
        Assert.DoesNotContain("203.0.113.9", record.Details ?? "");
    }

    [Fact]
    public async Task ATlpRedIncident_IsNeverSent_AndItsStepStaysOpenSayingWhy()
    {
        var task = await AutomatedStepPlaybook.RunAsync(_app, new NewIncident("Board member account", Tlp: Tlp.Red,
            Observables: [new NewObservable(ObservableType.User, "ceo")]));

        Assert.Empty(_misp.Requests.Snapshot());
        Assert.Equal((TaskState.Open, null), (task.State, task.EvidenceNote));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(AutomatedStepPlaybook.Responder, task.IncidentId, CancellationToken.None);
        Assert.Contains(timeline, e => e.Title == "Threat-intelligence lookup not run: TLP:RED incidents' observables are not sent out.");
    }
}

/// <summary>
/// The enrichment step: the saved enrichment query against the event source (the Elasticsearch double) for the incident's
/// IP, domain, hash and user observables, the figures as the task's note; without an event source it stays open.
/// </summary>
public sealed class EnrichmentStepTests : IAsyncLifetime
{
    private const string Events = "logs-endpoint.events-default";
    private readonly string _store = TailApp.NewStoreDirectory();
    private ElasticsearchDouble _node = null!;
    private TailApp _app = null!;

    public async Task InitializeAsync()
    {
        _node = await ElasticsearchDouble.StartAsync();
        var properties = new JsonObject { ["@timestamp"] = new JsonObject { ["type"] = "date" } };
        foreach (var field in new[] { "user.name", "related.user", "host.name", "related.hosts" })
        {
            properties[field] = new JsonObject { ["type"] = "keyword" };
        }
        foreach (var field in new[] { "source.ip", "destination.ip", "related.ip" })
        {
            properties[field] = new JsonObject { ["type"] = "ip" };
        }
        _node.Store.Create(Events, new JsonObject { ["mappings"] = new JsonObject { ["properties"] = properties } });
        var now = DateTimeOffset.UtcNow;
        Index("a", now.AddHours(-3), "alice", "web-1", "203.0.113.9");
        Index("b", now.AddHours(-2), "alice", "web-2", "203.0.113.9");
        Index("c", now.AddHours(-1), "bob", "web-1", "203.0.113.9");
        Index("old", now.AddDays(-60), "alice", "web-1", "203.0.113.9");
        _node.Refresh();
        _app = new TailApp(_node, _store, new Dictionary<string, string?>
        {
            ["SecOps:Sources:Elasticsearch:EventIndices:0"] = "logs-endpoint.events-*",
            ["SecOps:Sources:Elasticsearch:RequestTimeout"] = "00:00:10",
        });
        await AutomatedStepPlaybook.ImportAsync(_app, "enrich");
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _node.DisposeAsync();
        TailApp.DeleteStore(_store);
    }

    private void Index(string id, DateTimeOffset at, string user, string host, string ip) => _node.Index(Events, id, new JsonObject
    {
        ["@timestamp"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        ["user"] = new JsonObject { ["name"] = user },
        ["host"] = new JsonObject { ["name"] = host },
        ["source"] = new JsonObject { ["ip"] = ip },
    });

    [Fact]
    public async Task TheSavedQuery_CountsEachObservableInTheWindow_AndTheFiguresCompleteTheTask()
    {
        var task = await AutomatedStepPlaybook.RunAsync(_app, new NewIncident("Scanner", Observables:
            [new NewObservable(ObservableType.Ip, "203.0.113.9"), new NewObservable(ObservableType.User, "mallory"), new NewObservable(ObservableType.Url, "http://x.example/a")]));

        Assert.Equal(TaskState.Done, task.State);
        var lines = task.EvidenceNote!.Split('\n');
        Assert.Equal("Enrichment from the event source:", lines[0]);
        Assert.StartsWith("- ip 203.0.113.9: 3 events, first ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("; hosts web-1 (2), web-2 (1); users alice (2), bob (1)", lines[1], StringComparison.Ordinal);
        Assert.Equal("- user mallory: no events in the 30 days before the incident up to now", lines[2]);
        Assert.Equal(3, lines.Length);
    }
}
