using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Incidents;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// "Seen before" for an incident's observables: stored alerts (not this incident's own) and other incidents holding the
/// same observable, counted and named only where the viewer may see them.
/// </summary>
public sealed class SeenBeforeTests : IAsyncLifetime
{
    private const string Ip = "203.0.113.7";
    private const string Hash = "0123456789abcdef0123456789abcdef";
    private readonly SecOpsApp _app = new();
    private NeedToKnowPeople _people = default!;
    private long _first;
    private long _restricted;
    private long _later;

    public async Task InitializeAsync()
    {
        _people = await NeedToKnowPeople.CreateAsync(_app);
        static JsonObject With(JsonObject alert, string? ip = null, string? user = null)
        {
            if (ip is not null)
            {
                alert["source"] = new JsonObject { ["ip"] = ip };
            }
            if (user is not null)
            {
                alert["user"] = new JsonObject { ["name"] = user };
            }
            return alert;
        }
        await Documents.PostAsync(_app.Client(),
            With(Documents.Alert("seen-1"), ip: Ip), With(Documents.Alert("seen-2"), ip: Ip), With(Documents.Alert("seen-3"), ip: Ip),
            With(Documents.Alert("seen-4"), user: "mallory"), With(Documents.Alert("seen-5"), ip: "198.51.100.1"));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var linked = await db.Alerts.Where(a => a.DocumentId == "seen-1").Select(a => a.Id).SingleAsync();

        _first = await CreateAsync(new NewIncident("First", Observables:
            [new(ObservableType.Ip, Ip), new(ObservableType.User, "mallory"), new(ObservableType.Hash, Hash), new(ObservableType.Domain, "nowhere.example")]), [linked]);
        _restricted = await CreateAsync(new NewIncident("Insider", Restricted: true, Observables: [new(ObservableType.Ip, Ip), new(ObservableType.Hash, Hash.ToUpperInvariant())]), []);
        _later = await CreateAsync(new NewIncident("Later", Observables: [new(ObservableType.Ip, Ip)]), []);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<long> CreateAsync(NewIncident draft, IReadOnlyList<long> alerts)
    {
        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, draft, alerts, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.IncidentId;
    }

    private async Task<Dictionary<(ObservableType, string), (int Alerts, string Incidents)>> SeenAsync(Web.Features.Accounts.Actor actor, long incidentId)
    {
        var incident = (await _app.Get<IncidentQueries>().GetAsync(_people.Rita, incidentId, CancellationToken.None))!;
        var seen = await _app.Get<SeenBefore>().ForIncidentAsync(actor, incidentId, CancellationToken.None);
        return seen.ToDictionary(s => incident.Observables.Single(o => o.Id == s.Key) is var o ? (o.Type, o.Value) : default, s => (s.Value.Alerts, string.Join(' ', s.Value.Incidents)));
    }

    [Fact]
    public async Task AMember_SeesAlertsOutsideTheIncident_AndEveryOtherIncidentWithTheObservable_NewestFirst()
    {
        var seen = await SeenAsync(_people.Rita, _first);

        Assert.Equal((2, $"{_later} {_restricted}"), seen[(ObservableType.Ip, Ip)]);
        Assert.Equal((1, ""), seen[(ObservableType.User, "mallory")]);
        Assert.Equal((0, $"{_restricted}"), seen[(ObservableType.Hash, Hash)]);
        Assert.Equal((0, ""), seen[(ObservableType.Domain, "nowhere.example")]);
        Assert.Equal(seen, await SeenAsync(_people.Ada, _first));
    }

    [Fact]
    public async Task AnOutsider_IsNeitherCountedNorToldAboutARestrictedIncident_AndGetsNothingForIt()
    {
        var seen = await SeenAsync(_people.Otto, _first);

        Assert.Equal((2, $"{_later}"), seen[(ObservableType.Ip, Ip)]);
        Assert.Equal((0, ""), seen[(ObservableType.Hash, Hash)]);
        Assert.Empty(await _app.Get<SeenBefore>().ForIncidentAsync(_people.Otto, _restricted, CancellationToken.None));
        Assert.Equal((3, $"{_later} {_first}"), (await SeenAsync(_people.Rita, _restricted))[(ObservableType.Ip, Ip)]);
    }
}
