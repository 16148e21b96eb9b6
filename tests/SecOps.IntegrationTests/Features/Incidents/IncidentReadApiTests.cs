using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// <c>GET /api/v1/incidents</c> and <c>/api/v1/incidents/{id}</c>: read keys and signed-in users, cursor paging, search,
/// and need-to-know: a key acting for someone not named on a restricted incident gets no row of it and a 404 for its id
/// that is byte for byte the 404 of a missing incident.
/// </summary>
public sealed class IncidentReadApiTests : IAsyncLifetime
{
    private readonly SecOpsApp _app = new();
    private NeedToKnowPeople _people = default!;
    private long _restricted;

    public async Task InitializeAsync()
    {
        _people = await NeedToKnowPeople.CreateAsync(_app);
        var escalation = _app.Get<IncidentEscalation>();
        foreach (var title in new[] { "Open one", "Open two", "Open three" })
        {
            Assert.True((await escalation.CreateAsync(_people.Rita, new NewIncident(title, Severity: Severity.Medium), [], CancellationToken.None)).Succeeded);
        }
        var restricted = await escalation.CreateAsync(_people.Rita, new NewIncident("Insider case", Severity: Severity.Critical, Restricted: true,
            Observables: [new NewObservable(ObservableType.Email, "Payroll@Example.test", Ioc: true)]), [], CancellationToken.None);
        _restricted = restricted.IncidentId;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<List<string>> AllTitlesAsync(HttpClient client, string query = "")
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<IncidentReadEndpoints.IncidentListResponse>($"/api/v1/incidents?size=2&cursor={cursor}{query}", JsonSerializerOptions.Web);
            seen.AddRange(page!.Items.Select(i => i.Title));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return seen;
    }

    [Fact]
    public async Task List_PagesNewestChangeFirst_AndLeavesOutRestrictedIncidentsTheKeysPersonIsNotNamedOn()
    {
        var rita = _app.Client(await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Rita));
        var otto = _app.Client(await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto));

        Assert.Equal(["Insider case", "Open three", "Open two", "Open one"], await AllTitlesAsync(rita));
        Assert.Equal(["Open three", "Open two", "Open one"], await AllTitlesAsync(otto));
        Assert.Equal(["Open three", "Open two", "Open one"], await AllTitlesAsync(_app.Client()));
        Assert.Equal(["Insider case"], await AllTitlesAsync(rita, "&query=insider"));
        Assert.Empty(await AllTitlesAsync(otto, "&query=insider"));
        Assert.Empty(await AllTitlesAsync(otto, "&severity=critical"));
    }

    [Fact]
    public async Task List_SortsByChangeCreationOrSeverity_AcrossPages_AndRefusesAnUnknownSort()
    {
        var rita = _app.Client(await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Rita));
        var queries = _app.Get<IncidentQueries>();
        var one = (await queries.ListAsync(_people.Rita, new IncidentFilter(Text: "Open one"), CancellationToken.None)).Single();
        Assert.True((await _app.Get<IncidentEditing>().UpdateAsync(_people.Rita, one.Id,
            new IncidentEdit(one.Version, one.Status, one.Phase, Severity.High, null), CancellationToken.None)).Succeeded);

        Assert.Equal(["Open one", "Insider case", "Open three", "Open two"], await AllTitlesAsync(rita));
        Assert.Equal(["Open one", "Insider case", "Open three", "Open two"], await AllTitlesAsync(rita, "&sort=updated"));
        Assert.Equal(["Insider case", "Open three", "Open two", "Open one"], await AllTitlesAsync(rita, "&sort=created"));
        Assert.Equal(["Insider case", "Open one", "Open three", "Open two"], await AllTitlesAsync(rita, "&sort=severity"));
        using var unknown = await rita.GetAsync("/api/v1/incidents?sort=priority");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("sort is one of updated, created, severity.", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetById_OfARestrictedIncident_IsTheIncidentForAMember_AndExactlyAMissingIncidentsAnswerForOthers()
    {
        var rita = _app.Client(await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Rita));
        var otto = _app.Client(await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto));

        var seen = await rita.GetFromJsonAsync<IncidentDocument>($"/api/v1/incidents/{_restricted}", JsonSerializerOptions.Web);
        using var hidden = await otto.GetAsync($"/api/v1/incidents/{_restricted}");
        using var missing = await otto.GetAsync($"/api/v1/incidents/{_restricted + 1000}");

        Assert.Equal(("Insider case", "critical", "open", true), (seen!.Title, seen.Severity, seen.Status, seen.Restricted));
        Assert.Equal([("email", "payroll@example.test", true)], seen.Observables.Select(o => (o.Type, o.Value, o.Ioc)));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(missing.StatusCode, hidden.StatusCode);
        Assert.Equal(await missing.Content.ReadAsByteArrayAsync(), await hidden.Content.ReadAsByteArrayAsync());
        Assert.Equal(missing.Content.Headers.ContentType, hidden.Content.Headers.ContentType);
    }

    [Fact]
    public async Task Credentials_AsForAlerts_NoneIs401_AnIngestOnlyKeyIs403()
    {
        using var anonymous = await _app.Client(apiKey: null).GetAsync("/api/v1/incidents");
        using var ingestOnly = await _app.Client(await _app.CreateApiKeyAsync("ingest")).GetAsync("/api/v1/incidents");
        using var badCursor = await _app.Client().GetAsync("/api/v1/incidents?cursor=not-ours");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ingestOnly.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheIncidentEndpoints()
    {
        var document = await _app.Client().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/v1/incidents\"", document);
        Assert.Contains("\"/api/v1/incidents/{id}\"", document);
    }
}
