using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>Observables: added by hand (cleaned, one form per type, once per type and value) and carried over from alerts as the analyst chooses.</summary>
public sealed class IncidentObservablesTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<long> NewIncidentAsync(IReadOnlyList<NewObservable>? observables = null, params long[] alertIds)
    {
        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("Case", Observables: observables), alertIds, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.IncidentId;
    }

    private async Task<(ObservableType, string, bool)[]> ObservablesAsync(long id) =>
        [.. (await _app.Get<IncidentQueries>().GetAsync(As(Roles.Manager, "mia"), id, CancellationToken.None))!.Observables.Select(o => (o.Type, o.Value, o.Ioc))];

    [Fact]
    public async Task AddedByHand_AreCleanedAndNormalised_AndEachTypeAndValueIsKeptOnce_ARepeatOnlyRaisesTheIocFlag()
    {
        var id = await NewIncidentAsync();
        var observables = _app.Get<IncidentObservables>();

        var first = await observables.AddAsync(As(Roles.Responder, "bo"), id,
            [new(ObservableType.Ip, " 10.0.0.5 "), new(ObservableType.Domain, "Evil.Example.COM."), new(ObservableType.User, "mal\u202Elory"), new(ObservableType.Hash, new string('A', 64))],
            CancellationToken.None);
        var again = await observables.AddAsync(As(Roles.Responder, "cy"), id, [new(ObservableType.Ip, "10.0.0.5", Ioc: true), new(ObservableType.Domain, "evil.example.com")], CancellationToken.None);
        var invalid = await observables.AddAsync(As(Roles.Responder, "cy"), id, [new(ObservableType.Ip, "10.0.0.999"), new(ObservableType.Email, "x@y.test")], CancellationToken.None);

        Assert.True(first.Succeeded && again.Succeeded, first.Error ?? again.Error);
        Assert.Equal((false, "Not a valid IP address value: 10.0.0.999"), (invalid.Succeeded, invalid.Error));
        Assert.Equal([(ObservableType.Ip, "10.0.0.5", true), (ObservableType.Domain, "evil.example.com", false), (ObservableType.User, "mal\uFFFDlory", false),
            (ObservableType.Hash, new string('a', 64), false)], await ObservablesAsync(id));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(As(Roles.Manager, "mia"), id, CancellationToken.None);
        Assert.Equal(["Created", "4 observables added"], timeline.Select(e => e.Title));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.AuditRecords.CountAsync(r => r.Action == "incident.observables" && r.Outcome == AuditOutcome.Success));
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Manager)]
    public async Task OnlyResponders_AddObservablesByHand(string role)
    {
        var id = await NewIncidentAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _app.Get<IncidentObservables>().AddAsync(As(role, "someone"), id, [new(ObservableType.Ip, "10.0.0.1")], CancellationToken.None));

        Assert.Empty(await ObservablesAsync(id));
    }

    private static System.Text.Json.Nodes.JsonObject With(System.Text.Json.Nodes.JsonObject alert, string user, string sourceIp)
    {
        alert["user"] = new System.Text.Json.Nodes.JsonObject { ["name"] = user };
        alert["source"] = new System.Text.Json.Nodes.JsonObject { ["ip"] = sourceIp };
        return alert;
    }

    [Fact]
    public async Task Escalation_OffersTheAlertsEntities_AndCarriesOverOnlyThoseChosen_AMergeAddsEachOnce()
    {
        await Documents.PostAsync(_app.Client(),
            With(Documents.Alert("obs-1", host: "web-01.example.com"), "alice", "203.0.113.7"),
            With(Documents.Alert("obs-2", host: "web-02"), "bob@example.com", "203.0.113.7"));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var ids = await db.Alerts.OrderBy(a => a.DocumentId).Select(a => a.Id).ToListAsync();
        var escalation = _app.Get<IncidentEscalation>();

        var offered = await escalation.EntitiesAsync(As(Roles.Analyst, "ana"), ids, CancellationToken.None);
        var chosen = offered.Where(o => o.Type != ObservableType.Domain).ToList();
        var id = await NewIncidentAsync(chosen, ids[0]);
        var merged = await escalation.AddAlertsAsync(As(Roles.Analyst, "ana"), id, [ids[1]], CancellationToken.None, [.. offered]);

        Assert.Equal([(ObservableType.Ip, "203.0.113.7"), (ObservableType.User, "alice"), (ObservableType.Domain, "web-01.example.com"), (ObservableType.Email, "bob@example.com")],
            offered.Select(o => (o.Type, o.Value!)));
        Assert.True(merged.Succeeded, merged.Error);
        Assert.Equal([(ObservableType.Ip, "203.0.113.7", false), (ObservableType.User, "alice", false), (ObservableType.Email, "bob@example.com", false),
            (ObservableType.Domain, "web-01.example.com", false)], await ObservablesAsync(id));
    }
}
