using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// An incident's ATT&amp;CK tactics and techniques, OWASP category and affected assets: validated against the lists,
/// stored normalised on the version read, on the timeline, audited, and in the read API's document with the regulatory facts.
/// </summary>
public sealed class IncidentClassificationTests : IDisposable
{
    private static readonly Actor Responder = As(Roles.Responder, "bo");
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<IncidentView> CreateAsync()
    {
        var created = await _app.Get<IncidentEscalation>().CreateAsync(Responder, new NewIncident("Credential stuffing on the shop"), [], CancellationToken.None);
        return (await _app.Get<IncidentQueries>().GetAsync(Responder, created.IncidentId, CancellationToken.None))!;
    }

    [Fact]
    public async Task AClassification_IsStoredNormalised_OnTheTimeline_Audited_AndInTheApiDocument()
    {
        var incident = await CreateAsync();

        var outcome = await _app.Get<IncidentEditing>().ClassifyAsync(Responder, incident.Id,
            new ClassificationEdit(incident.Version, ["TA0006", "TA0001"], "t1110.004, T1078\nT1110.004", "A07", "shop-web-1\n\nshop-web-2\nSHOP-WEB-1\n"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var stored = (await _app.Get<IncidentQueries>().GetAsync(Responder, incident.Id, CancellationToken.None))!;
        Assert.Equal(["TA0001", "TA0006"], stored.MitreTactics);
        Assert.Equal(["T1110.004", "T1078"], stored.MitreTechniques);
        Assert.Equal(["shop-web-1", "shop-web-2"], stored.AffectedAssets);
        Assert.Equal(("A07", incident.Version + 1), (stored.OwaspCategory, stored.Version));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(Responder, incident.Id, CancellationToken.None);
        Assert.Equal("Classified: ATT&CK TA0001 TA0006 T1110.004 T1078; OWASP A07; 2 affected assets", timeline[^1].Title);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.AuditRecords.CountAsync(r => r.Action == "incident.classify" && r.ActorId == "bo" && r.Outcome == AuditOutcome.Success));

        var document = JsonNode.Parse(await _app.Client().GetStringAsync($"/api/v1/incidents/{incident.Id}"))!;
        Assert.Equal("""["TA0001","TA0006"]""", document["mitreTactics"]!.ToJsonString());
        Assert.Equal("""["T1110.004","T1078"]""", document["mitreTechniques"]!.ToJsonString());
        Assert.Equal("A07", document["owaspCategory"]!.GetValue<string>());
        Assert.Equal("""["shop-web-1","shop-web-2"]""", document["affectedAssets"]!.ToJsonString());
        Assert.Equal((false, false), (document["regulatory"]!["personalData"]!.GetValue<bool>(), document["regulatory"]!["nis2"]!.GetValue<bool>()));
        Assert.Equal(stored.AwareAt, document["regulatory"]!["awareAt"]!.Deserialize<DateTimeOffset>());
    }

    [Theory]
    [InlineData("TA9999", "", "", "", "TA9999 is not an ATT&CK Enterprise tactic.")]
    [InlineData("", "T1566 phishing", "", "", "PHISHING is not an ATT&CK technique id: write T1566 or T1566.001.")]
    [InlineData("", "T15661", "", "", "T15661 is not an ATT&CK technique id: write T1566 or T1566.001.")]
    [InlineData("", "", "A11", "", "Choose an OWASP Top 10 category from the list, or none.")]
    public async Task AClassificationOutsideTheLists_IsRefused_AndChangesNothing(string tactic, string techniques, string owasp, string assets, string error)
    {
        var incident = await CreateAsync();

        var outcome = await _app.Get<IncidentEditing>().ClassifyAsync(Responder, incident.Id,
            new ClassificationEdit(incident.Version, tactic.Length == 0 ? [] : [tactic], techniques, owasp, assets), CancellationToken.None);

        Assert.Equal((false, error), (outcome.Succeeded, outcome.Error));
        Assert.Equal(incident.Version, (await _app.Get<IncidentQueries>().GetAsync(Responder, incident.Id, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task AStaleClassification_IsRefused_AndAnalystsCannotClassify()
    {
        var incident = await CreateAsync();
        var editing = _app.Get<IncidentEditing>();
        Assert.True((await editing.ClassifyAsync(Responder, incident.Id, new ClassificationEdit(incident.Version, ["TA0040"], null, null, null), CancellationToken.None)).Succeeded);

        var stale = await editing.ClassifyAsync(Responder, incident.Id, new ClassificationEdit(incident.Version, ["TA0001"], null, null, null), CancellationToken.None);

        Assert.False(stale.Succeeded);
        Assert.Equal(["TA0040"], (await _app.Get<IncidentQueries>().GetAsync(Responder, incident.Id, CancellationToken.None))!.MitreTactics);
        await Assert.ThrowsAsync<AccessDeniedException>(() => editing.ClassifyAsync(As(Roles.Analyst, "ana"), incident.Id,
            new ClassificationEdit(incident.Version + 1, [], null, null, null), CancellationToken.None));
    }

    [Fact]
    public async Task TheIncidentsOwnAttackTags_SuggestThePlaybooksTheyTrigger()
    {
        var incident = await CreateAsync();
        var before = await _app.Get<SecOps.Web.Features.Playbooks.IncidentTasks>().SuggestAsync(Responder, incident.Id, CancellationToken.None);
        Assert.True((await _app.Get<IncidentEditing>().ClassifyAsync(Responder, incident.Id,
            new ClassificationEdit(incident.Version, ["TA0006"], "T1110.004", null, null), CancellationToken.None)).Succeeded);

        var after = await _app.Get<SecOps.Web.Features.Playbooks.IncidentTasks>().SuggestAsync(Responder, incident.Id, CancellationToken.None);

        Assert.DoesNotContain(before, p => p.Key == "account-compromise");
        var suggestion = Assert.Single(after, p => p.Key == "account-compromise");
        Assert.Contains("ATT&CK tactic TA0006 Credential Access", suggestion.Reasons);
        Assert.Contains("ATT&CK technique T1110.004", suggestion.Reasons);
    }
}
