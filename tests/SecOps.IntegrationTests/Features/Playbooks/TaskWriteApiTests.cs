using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;

namespace SecOps.IntegrationTests.Features.Playbooks;

/// <summary>
/// Playbooks and tasks through the write API: attaching makes the tasks, each change is made on the version read (a
/// stale one gets 409 with the task now and changes nothing), the step's evidence rule holds, and a task is reached only
/// through its own incident, which need-to-know may hide (404).
/// </summary>
public sealed class TaskWriteApiTests : IAsyncLifetime
{
    private readonly SecOpsApp _app = new();
    private NeedToKnowPeople _people = default!;
    private HttpClient _rita = default!;
    private long _incident;

    public async Task InitializeAsync()
    {
        _people = await NeedToKnowPeople.CreateAsync(_app);
        _rita = _app.Client(await NeedToKnowPeople.KeyForAsync(_app, _people.Rita, PermissionTable.ScopeIncidents));
        _incident = (await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Payroll phish", Restricted: true), [], CancellationToken.None)).IncidentId;
    }

    public Task DisposeAsync()
    {
        _rita.Dispose();
        _app.Dispose();
        return Task.CompletedTask;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task AttachingAndWorkingTasks_OnTheVersionRead_StaleChangesGet409_AndEvidenceRulesHold()
    {
        var attached = (await BodyAsync(await _rita.PostAsync($"/api/v1/incidents/{_incident}/playbooks", Json("""{ "playbook": "phishing" }""")), HttpStatusCode.Created)).AsArray();
        var board = await _app.Get<IncidentTasks>().BoardAsync(_people.Rita, _incident, CancellationToken.None);
        Assert.Equal(board.Tasks.Select(t => t.Id), attached.Select(t => t!["id"]!.GetValue<long>()));
        var first = board.Tasks[0];
        var needsEvidence = board.Tasks.Skip(1).First(t => t.Evidence.Count > 0);
        var tasks = $"/api/v1/incidents/{_incident}/tasks";

        var skipped = await BodyAsync(await _rita.PostAsync($"{tasks}/{first.Id}/skip", Json("""{ "version": 0, "reason": "No mail gateway in scope" }""")), HttpStatusCode.OK);
        var stale = await BodyAsync(await _rita.PostAsync($"{tasks}/{first.Id}/reopen", Json("""{ "version": 0 }""")), HttpStatusCode.Conflict);
        var reopened = await BodyAsync(await _rita.PostAsync($"{tasks}/{first.Id}/reopen", Json("""{ "version": 1 }""")), HttpStatusCode.OK);
        var assigned = await BodyAsync(await _rita.PostAsync($"{tasks}/{first.Id}/assign", Json($$"""{ "version": 2, "assigneeId": "{{_people.Rita.Id}}" }""")), HttpStatusCode.OK);
        var noEvidence = await BodyAsync(await _rita.PostAsync($"{tasks}/{needsEvidence.Id}/complete", Json("""{ "version": 0 }""")), HttpStatusCode.BadRequest);

        Assert.Equal(("skipped", 1), (skipped["state"]!.GetValue<string>(), skipped["version"]!.GetValue<int>()));
        Assert.Equal(("skipped", 1), (stale["current"]!["state"]!.GetValue<string>(), stale["current"]!["version"]!.GetValue<int>()));
        Assert.Contains("Someone changed this task", stale["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("open", 2), (reopened["state"]!.GetValue<string>(), reopened["version"]!.GetValue<int>()));
        Assert.Equal((_people.Rita.Id, 3), (assigned["assigneeId"]!.GetValue<string>(), assigned["version"]!.GetValue<int>()));
        Assert.StartsWith("This step needs evidence:", noEvidence["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var now = await _app.Get<IncidentTasks>().BoardAsync(_people.Rita, _incident, CancellationToken.None);
        Assert.Equal((TaskState.Open, 0), (now.Tasks.Single(t => t.Id == needsEvidence.Id).State, now.Tasks.Single(t => t.Id == needsEvidence.Id).Version));
    }

    [Fact]
    public async Task ATask_IsReachedOnlyThroughItsOwnIncident_AndAnOutsidersKeyGets404()
    {
        await _app.Get<PlaybookRunner>().AttachAsync(_people.Rita, _incident, "phishing", CancellationToken.None);
        var task = (await _app.Get<IncidentTasks>().BoardAsync(_people.Rita, _incident, CancellationToken.None)).Tasks[0];
        var other = (await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Another"), [], CancellationToken.None)).IncidentId;
        using var otto = _app.Client(await NeedToKnowPeople.KeyForAsync(_app, _people.Otto, PermissionTable.ScopeIncidents));

        using var wrongIncident = await _rita.PostAsync($"/api/v1/incidents/{other}/tasks/{task.Id}/skip", Json("""{ "version": 0, "reason": "x" }"""));
        using var outsider = await otto.PostAsync($"/api/v1/incidents/{_incident}/tasks/{task.Id}/skip", Json("""{ "version": 0, "reason": "x" }"""));
        using var outsiderAttach = await otto.PostAsync($"/api/v1/incidents/{_incident}/playbooks", Json("""{ "playbook": "ransomware" }"""));
        using var unknownPlaybook = await _rita.PostAsync($"/api/v1/incidents/{_incident}/playbooks", Json("""{ "playbook": "no-such-playbook" }"""));

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { wrongIncident.StatusCode, outsider.StatusCode, outsiderAttach.StatusCode });
        Assert.Equal("There is no such playbook.", (await BodyAsync(unknownPlaybook, HttpStatusCode.BadRequest))["error"]!.GetValue<string>());
        var now = await _app.Get<IncidentTasks>().BoardAsync(_people.Rita, _incident, CancellationToken.None);
        Assert.Equal((TaskState.Open, 0, 1), (now.Tasks[0].State, now.Tasks[0].Version, now.Playbooks.Count));
    }
}
