using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// The incidents write API (issue #9, build item 11): API keys with scope <c>incidents</c> create incidents from alerts,
/// edit them on the version read (a stale version gets 409 and changes nothing), link alerts, add notes and observables;
/// bad input gets a 400 that says what is wrong; need-to-know answers 404 for an incident the key's owner may not see.
/// </summary>
public sealed class IncidentWriteApiTests : IAsyncLifetime
{
    private readonly SecOpsApp _app = new();
    private NeedToKnowPeople _people = default!;
    private HttpClient _rita = default!;
    private HttpClient _otto = default!;

    public async Task InitializeAsync()
    {
        _people = await NeedToKnowPeople.CreateAsync(_app);
        _rita = _app.Client(await NeedToKnowPeople.KeyForAsync(_app, _people.Rita, PermissionTable.ScopeIncidents));
        _otto = _app.Client(await NeedToKnowPeople.KeyForAsync(_app, _people.Otto, PermissionTable.ScopeIncidents));
    }

    public Task DisposeAsync()
    {
        _rita.Dispose();
        _otto.Dispose();
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Dictionary<string, long>> AlertIdsAsync(params string[] documentIds)
    {
        await Documents.PostAsync(_app.Client(), [.. documentIds.Select(id => Documents.Alert(id, host: "web-" + id))]);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.Where(a => documentIds.Contains(a.DocumentId)).ToDictionaryAsync(a => a.DocumentId, a => a.Id);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<IncidentDocument> DocumentAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<IncidentDocument>(body, JsonSerializerOptions.Web)!;
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["error"]!.GetValue<string>();
    }

    [Fact]
    public async Task Create_FromAlertsWithObservables_Answers201WithTheIncident_AndLinksTheAlerts()
    {
        var alerts = await AlertIdsAsync("api-a1", "api-a2");

        using var response = await _rita.PostAsync("/api/v1/incidents", Json($$"""
            { "title": "Credential stuffing on the shop", "severity": "critical", "type": "intrusions", "tlp": "red",
              "observables": [ { "type": "ip", "value": "203.0.113.9", "ioc": true }, { "type": "ip", "value": "203.0.113.9" } ],
              "alertIds": [{{alerts["api-a1"]}}, {{alerts["api-a2"]}}] }
            """));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await DocumentAsync(response);
        Assert.Equal($"/api/v1/incidents/{created.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(("Credential stuffing on the shop", "critical", "intrusions", "red", 2), (created.Title, created.Severity, created.Type, created.Tlp, created.AlertCount));
        Assert.Equal(["ip 203.0.113.9 ioc"], created.Observables.Select(o => $"{o.Type} {o.Value}{(o.Ioc ? " ioc" : "")}"));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal([created.Id, created.Id], await db.Alerts.Where(a => alerts.Values.Contains(a.Id)).Select(a => a.IncidentId).ToListAsync());
    }

    [Fact]
    public async Task Update_OnTheVersionRead_Succeeds_AndAStaleVersionGets409WithTheCurrentIncident_ChangingNothing()
    {
        using var created = await _rita.PostAsync("/api/v1/incidents", Json("""{ "title": "Ransom note on file server", "severity": "high" }"""));
        var incident = await DocumentAsync(created);

        using var first = await _rita.PatchAsync($"/api/v1/incidents/{incident.Id}", Json($$"""{ "version": {{incident.Version}}, "status": "in_progress", "phase": "containment" }"""));
        using var stale = await _rita.PatchAsync($"/api/v1/incidents/{incident.Id}", Json($$"""{ "version": {{incident.Version}}, "severity": "low" }"""));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var updated = await DocumentAsync(first);
        Assert.Equal(("in_progress", "containment", "high", incident.Version + 1), (updated.Status, updated.Phase, updated.Severity, updated.Version));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var conflict = JsonNode.Parse(await stale.Content.ReadAsStringAsync())!;
        Assert.Contains("Someone changed this incident", conflict["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((incident.Version + 1, "high"), (conflict["current"]!["version"]!.GetValue<int>(), conflict["current"]!["severity"]!.GetValue<string>()));
        var now = await _app.Get<IncidentQueries>().GetAsync(_people.Rita, incident.Id, CancellationToken.None);
        Assert.Equal((IncidentStatus.InProgress, Web.Features.Alerts.Severity.High, incident.Version + 1), (now!.Status, now.Severity, now.Version));
    }

    [Fact]
    public async Task BadInput_GetsA400SayingWhatIsWrong_AndChangesNothing()
    {
        using var created = await _rita.PostAsync("/api/v1/incidents", Json("""{ "title": "Web shell", "severity": "medium" }"""));
        var incident = await DocumentAsync(created);

        using var badStatus = await _rita.PatchAsync($"/api/v1/incidents/{incident.Id}", Json($$"""{ "version": {{incident.Version}}, "status": "solved", "severity": "urgent" }"""));
        using var noVersion = await _rita.PatchAsync($"/api/v1/incidents/{incident.Id}", Json("""{ "status": "closed" }"""));
        using var notJson = await _rita.PostAsync("/api/v1/incidents", Json("""{ "title": "unterminated"""));
        using var wrongShape = await _rita.PostAsync($"/api/v1/incidents/{incident.Id}/alerts", Json("""{ "alertIds": "all" }"""));
        using var badObservable = await _rita.PostAsync($"/api/v1/incidents/{incident.Id}/observables", Json("""{ "observables": [ { "type": "mac", "value": "x" } ] }"""));
        using var plainText = await _rita.PostAsync($"/api/v1/incidents/{incident.Id}/notes", new StringContent("note", Encoding.UTF8, "text/plain"));

        Assert.Equal("status is one of open, in_progress, resolved, closed. severity is one of low, medium, high, critical.", await ErrorAsync(badStatus));
        Assert.Equal("version is required: the version of the incident you read.", await ErrorAsync(noVersion));
        Assert.StartsWith("The body is not a JSON object of the expected shape:", await ErrorAsync(notJson), StringComparison.Ordinal);
        Assert.StartsWith("The body is not a JSON object of the expected shape:", await ErrorAsync(wrongShape), StringComparison.Ordinal);
        Assert.StartsWith("observables[0].type is one of ip, domain, url, hash, user, email", await ErrorAsync(badObservable), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainText.StatusCode);
        var now = await _app.Get<IncidentQueries>().GetAsync(_people.Rita, incident.Id, CancellationToken.None);
        Assert.Equal((IncidentStatus.Open, incident.Version, 0), (now!.Status, now.Version, now.Observables.Count));
        Assert.Equal(["Created"], (await _app.Get<IncidentQueries>().TimelineAsync(_people.Rita, incident.Id, CancellationToken.None)).Select(e => e.Title));
    }

    [Fact]
    public async Task NotesObservablesAndAlerts_AreAdded_AndAlertsAlreadyInAnIncidentAreCounted()
    {
        var alerts = await AlertIdsAsync("link-1", "link-2");
        using var created = await _rita.PostAsync("/api/v1/incidents", Json($$"""{ "title": "Beaconing host", "alertIds": [{{alerts["link-1"]}}] }"""));
        var incident = await DocumentAsync(created);

        using var note = await _rita.PostAsync($"/api/v1/incidents/{incident.Id}/notes", Json("""{ "text": "Isolated **web-7** at 10:42" }"""));
        using var observables = await _rita.PostAsync($"/api/v1/incidents/{incident.Id}/observables",
            Json("""{ "observables": [ { "type": "domain", "value": "C2.Example.test" }, { "type": "domain", "value": "c2.example.test", "ioc": true } ] }"""));
        using var link = await _rita.PostAsync($"/api/v1/incidents/{incident.Id}/alerts", Json($$"""{ "alertIds": [{{alerts["link-1"]}}, {{alerts["link-2"]}}] }"""));

        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        Assert.Equal(["domain c2.example.test ioc"], (await DocumentAsync(observables)).Observables.Select(o => $"{o.Type} {o.Value}{(o.Ioc ? " ioc" : "")}"));
        var linked = JsonNode.Parse(await link.Content.ReadAsStringAsync())!;
        Assert.Equal((1, 1), (linked["linked"]!.GetValue<int>(), linked["alreadyLinked"]!.GetValue<int>()));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(_people.Rita, incident.Id, CancellationToken.None);
        Assert.Contains(timeline, e => e.Text == "Isolated **web-7** at 10:42");
    }

    [Fact]
    public async Task ARestrictedIncident_AnswersAKeyWhoseOwnerIsNotNamed_ExactlyLikeAMissingOne()
    {
        using var created = await _rita.PostAsync("/api/v1/incidents", Json("""{ "title": "Insider: payroll export", "restricted": true }"""));
        var incident = await DocumentAsync(created);
        var missing = incident.Id + 1000;

        foreach (var id in new[] { incident.Id, missing })
        {
            using var patch = await _otto.PatchAsync($"/api/v1/incidents/{id}", Json("""{ "version": 0, "status": "closed" }"""));
            using var note = await _otto.PostAsync($"/api/v1/incidents/{id}/notes", Json("""{ "text": "hello" }"""));
            using var observable = await _otto.PostAsync($"/api/v1/incidents/{id}/observables", Json("""{ "observables": [ { "type": "user", "value": "mallory" } ] }"""));
            using var link = await _otto.PostAsync($"/api/v1/incidents/{id}/alerts", Json("""{ "alertIds": [1] }"""));
            Assert.All(new[] { patch, note, observable, link }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
            Assert.All(new[] { patch, note, observable, link }, r => Assert.Equal(0, r.Content.Headers.ContentLength ?? 0));
        }
        var now = await _app.Get<IncidentQueries>().GetAsync(_people.Rita, incident.Id, CancellationToken.None);
        Assert.Equal((IncidentStatus.Open, 0, true), (now!.Status, now.Version, now.Restricted));
        Assert.Equal(["rita@example.test"], now.Members.Select(m => m.Name));
    }

    [Fact]
    public async Task TheWriteTaskAndEvidenceOperations_AreInTheOpenApiDocument()
    {
        var document = JsonNode.Parse(await _app.Client().GetStringAsync("/openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {p.Key} {o.Value!["operationId"]}"));

        Assert.Subset(operations.ToHashSet(), new HashSet<string>
        {
            "POST /api/v1/incidents CreateIncident",
            "PATCH /api/v1/incidents/{id} UpdateIncident",
            "POST /api/v1/incidents/{id}/alerts LinkIncidentAlerts",
            "POST /api/v1/incidents/{id}/notes AddIncidentNote",
            "POST /api/v1/incidents/{id}/observables AddIncidentObservables",
            "GET /api/v1/incidents/{id}/tasks ListIncidentTasks",
            "GET /api/v1/incidents/{id}/evidence ListIncidentEvidence",
            "GET /api/v1/incidents/{id}/evidence/{evidenceId} DownloadIncidentEvidence",
            "POST /api/v1/incidents/{id}/evidence UploadIncidentEvidence",
            "POST /api/v1/incidents/{id}/playbooks AttachIncidentPlaybook",
            "POST /api/v1/incidents/{id}/tasks/{taskId}/complete CompleteIncidentTask",
            "POST /api/v1/incidents/{id}/tasks/{taskId}/skip SkipIncidentTask",
            "POST /api/v1/incidents/{id}/tasks/{taskId}/reopen ReopenIncidentTask",
            "POST /api/v1/incidents/{id}/tasks/{taskId}/assign AssignIncidentTask",
        });
    }
}
