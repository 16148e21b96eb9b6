using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

/// <summary>
/// A playbook's webhook step: on attachment the incident summary is posted (JSON, fields encoded) through the outbound
/// path to an allowlisted receiver, the answer goes on the timeline and in the audit trail, and a 2xx completes the task.
/// </summary>
public sealed class PlaybookWebhooksTests : IAsyncLifetime
{
    private const string Title = "</script><img src=x onerror=alert(1)> \"quoted\" & [link](http://evil.example) @here";
    private static readonly Actor Responder = As(Roles.Responder, "bo");
    private readonly FakeResolver _dns = new();
    private readonly LoopbackOnlyDialer _dialer = new();
    private WebhookReceiver _receiver = null!;
    private SecOpsApp _app = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _dns.Answer("receiver.test", ["127.0.0.1"]).Answer("soar.example.com", ["10.20.30.40"]);
        _app = new SecOpsApp(new Dictionary<string, string?> { ["SecOps:Outbound:AllowedHosts:0"] = "soar.example.com" }, services: s => s
            .AddSingleton<IOutboundResolver>(_dns)
            .AddSingleton<IOutboundDialer>(_dialer)
            .AddSingleton(new LoopbackReceiver("receiver.test", _receiver.Endpoint)));
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _receiver.DisposeAsync();
    }

    private async Task ImportAsync(string webhook)
    {
        var yaml = $"""
            id: notify-soar
            name: Notify the SOAR
            phases:
              - phase: detection-and-analysis
                steps:
                  - id: open-ticket
                    title: Open a ticket in the SOAR
                    owner: responder
                    sla: 15m
                    webhook: {webhook}
                  - id: triage
                    title: Triage by hand
                    owner: responder
                    sla: 1h
            """;
        var imported = await _app.Get<PlaybookLibrary>().ImportAsync(Actor.System, yaml, CancellationToken.None);
        Assert.Empty(imported.Errors);
    }

    /// <summary>Attaches the playbook and waits for the webhook step's answer to be recorded (the incident's second change).</summary>
    private async Task<long> AttachAsync(Tlp tlp = Tlp.Amber)
    {
        var created = await _app.Get<IncidentEscalation>().CreateAsync(Responder, new NewIncident(Title, Tlp: tlp), [], CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        var changes = new Arrivals<long>();
        using var _ = _app.Get<LiveFeed>().SubscribeIncidents(c => changes.Add(c.Incident.Id));
        Assert.True((await _app.Get<PlaybookRunner>().AttachAsync(Responder, created.IncidentId, "notify-soar", CancellationToken.None)).Succeeded);
        await changes.WaitUntilAsync(c => c.Count(i => i == created.IncidentId) >= 2, "the webhook's answer on the incident");
        return created.IncidentId;
    }

    private async Task<IncidentTask> TaskAsync(string step)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.IncidentTasks.AsNoTracking().SingleAsync(t => t.StepKey == step);
    }

    [Fact]
    public async Task WebhookStep_PostsTheEncodedSummary_RecordsTheStatus_AndCompletesTheTask()
    {
        var target = $"http://receiver.test:{_receiver.Endpoint.Port}/soar/hook";
        await ImportAsync(target);

        var id = await AttachAsync();

        var request = Assert.Single(_receiver.Requests.Snapshot());
        Assert.Equal(("POST", "/soar/hook", "application/json; charset=utf-8"), (request.Method, request.Path, request.ContentType));
        // Markup and quotes travel escaped in the JSON text and come back as exactly the title.
        Assert.DoesNotContain("<", request.Body);
        Assert.Contains("\\u003C/script\\u003E", request.Body);
        using var json = JsonDocument.Parse(request.Body);
        var incident = json.RootElement.GetProperty("incident");
        Assert.Equal((id, Title, "medium", "amber"), (incident.GetProperty("id").GetInt64(), incident.GetProperty("title").GetString(),
            incident.GetProperty("severity").GetString(), incident.GetProperty("tlp").GetString()!.ToLowerInvariant()));
        Assert.Equal(("notify-soar", "open-ticket"), (json.RootElement.GetProperty("playbook").GetProperty("key").GetString(), json.RootElement.GetProperty("step").GetProperty("id").GetString()));
        var task = await TaskAsync("open-ticket");
        Assert.Equal((TaskState.Done, "Webhook to receiver.test: 202 Accepted", "SecOps automation"), (task.State, task.EvidenceNote, task.ClosedByName));
        Assert.Equal(TaskState.Open, (await TaskAsync("triage")).State);
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(Responder, id, CancellationToken.None);
        Assert.Contains(timeline, e => e.Title == "Webhook to receiver.test: 202 Accepted" && e.Who == "SecOps automation");
        await AuditWaits.OnceItHoldsAsync(_app, r => r.Action == "incident.task.webhook" && r.Outcome == AuditOutcome.Success && r.Target == "task:" + task.Id, "the webhook");
    }

    [Fact]
    public async Task WebhookStep_ToAnAllowlistedHostWithAPrivateAddress_IsRefused_RecordedAndTheTaskStaysOpen()
    {
        await ImportAsync("https://soar.example.com/hook");

        var id = await AttachAsync();

        Assert.Empty(_dialer.Dialled);
        Assert.Empty(_receiver.Requests.Snapshot());
        var task = await TaskAsync("open-ticket");
        Assert.Equal(TaskState.Open, task.State);
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(Responder, id, CancellationToken.None);
        Assert.Contains(timeline, e => e.Title.StartsWith("Webhook to soar.example.com: refused: 10.20.30.40 is an internal or reserved address", StringComparison.Ordinal));
        await AuditWaits.OnceItHoldsAsync(_app, r => r.Action == "incident.task.webhook" && r.Outcome == AuditOutcome.Failed, "the refused webhook");
    }

    [Fact]
    public async Task WebhookStep_OfATlpRedIncident_IsNotSent()
    {
        await ImportAsync($"http://receiver.test:{_receiver.Endpoint.Port}/soar/hook");

        var id = await AttachAsync(Tlp.Red);

        Assert.Empty(_receiver.Requests.Snapshot());
        Assert.Equal(TaskState.Open, (await TaskAsync("open-ticket")).State);
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(Responder, id, CancellationToken.None);
        Assert.Contains(timeline, e => e.Title == "Webhook to receiver.test: refused: TLP:RED incidents are not sent out");
    }
}
