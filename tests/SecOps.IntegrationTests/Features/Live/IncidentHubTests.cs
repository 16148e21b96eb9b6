using Microsoft.AspNetCore.SignalR.Client;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;

namespace SecOps.IntegrationTests.Features.Live;

/// <summary>
/// The hub's <c>incidents</c> event: numbered in the change feed with the alerts, in sequence order, and need-to-know
/// filtered both live and in <c>Resume</c> replay. Rita is named on the restricted incident, Otto is not.
/// </summary>
public sealed class IncidentHubTests : IAsyncLifetime
{
    private readonly SecOpsApp _app = new();
    private NeedToKnowPeople _people = default!;

    public async Task InitializeAsync() => _people = await NeedToKnowPeople.CreateAsync(_app);

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Every alert and incident event a connection receives, in arrival order, as (seq, what).</summary>
    private static async Task<(HubConnection Connection, Arrivals<(long Seq, string What)> Events)> ConnectAsync(SecOpsApp app, string key, long afterSeq)
    {
        var events = new Arrivals<(long, string)>();
        var connection = app.Hub(key);
        connection.On<AlertFrame>("alerts", frame =>
        {
            foreach (var alert in frame.Items)
            {
                events.Add((alert.Seq, "alert " + alert.DocumentId));
            }
        });
        connection.On<IncidentFrame>("incidents", frame =>
        {
            foreach (var incident in frame.Items)
            {
                events.Add((frame.Seq, $"incident {incident.Title} v{incident.Version}"));
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync("Resume", afterSeq);
        return (connection, events);
    }

    private static List<(long, string)> Unversioned(Arrivals<(long Seq, string What)> events) =>
        [.. events.Snapshot().Select(e => (e.Seq, System.Text.RegularExpressions.Regex.Replace(e.What, " v[0-9]+$", "")))];

    [Fact]
    public async Task RestrictedIncidentEvents_ReachOnlyItsMember_LiveAndInReplay_InSequenceOrder()
    {
        var ritaKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Rita);
        var ottoKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto);
        var start = _app.Get<LiveFeed>().Head;
        var (ritaLive, ritaEvents) = await ConnectAsync(_app, ritaKey, start);
        var (ottoLive, ottoEvents) = await ConnectAsync(_app, ottoKey, start);
        var escalation = _app.Get<IncidentEscalation>();

        await escalation.CreateAsync(_people.Rita, new NewIncident("Open phishing", Severity: Severity.High), [], CancellationToken.None);
        await Documents.PostAsync(_app.Client(), Documents.Alert("between"));
        var restricted = await escalation.CreateAsync(_people.Rita, new NewIncident("Insider case", Restricted: true), [], CancellationToken.None);
        await _app.Get<IncidentObservables>().AddAsync(_people.Rita, restricted.IncidentId, [new NewObservable(ObservableType.User, "mallory")], CancellationToken.None);
        await escalation.CreateAsync(_people.Rita, new NewIncident("Open end marker"), [], CancellationToken.None);

        string[] member = ["incident Open phishing v0", "alert between", "incident Insider case v0", "incident Insider case v1", "incident Open end marker v0"];
        string[] outsider = ["incident Open phishing v0", "alert between", "incident Open end marker v0"];
        await ritaEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Rita's end marker");
        await ottoEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Otto's end marker");
        Assert.Equal(member, ritaEvents.Snapshot().Select(e => e.What));
        Assert.Equal(outsider, ottoEvents.Snapshot().Select(e => e.What));
        var ritaSeqs = ritaEvents.Snapshot().Select(e => e.Seq).ToList();
        Assert.Equal(ritaSeqs.Order(), ritaSeqs);
        Assert.Equal(ritaSeqs.Distinct().Count(), ritaSeqs.Count);
        Assert.Equal(ritaEvents.Snapshot().Where(e => outsider.Contains(e.What)), ottoEvents.Snapshot());

        // Replay from the same point gives each what it got live, with the same numbers.
        await ritaLive.DisposeAsync();
        await ottoLive.DisposeAsync();
        var (ritaReplay, ritaReplayed) = await ConnectAsync(_app, ritaKey, start);
        var (ottoReplay, ottoReplayed) = await ConnectAsync(_app, ottoKey, start);
        await using (ritaReplay)
        await using (ottoReplay)
        {
            await ritaReplayed.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Rita's replayed end marker");
            await ottoReplayed.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Otto's replayed end marker");
            // A replay carries each incident as it is now (like alerts), so only the numbers and what they are compare.
            Assert.Equal(Unversioned(ritaEvents), Unversioned(ritaReplayed));
            Assert.Equal(Unversioned(ottoEvents), Unversioned(ottoReplayed));
            Assert.DoesNotContain(ottoReplayed.Snapshot(), e => e.What.Contains("Insider"));
        }
    }

    [Fact]
    public async Task AnIncidentRestrictedLater_StopsReachingOutsiders_AndItsOlderEventsAreNotReplayedToThem()
    {
        var ottoKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto);
        var start = _app.Get<LiveFeed>().Head;
        var created = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Starts open"), [], CancellationToken.None);
        await _app.Get<IncidentEditing>().SetAccessAsync(_people.Rita, created.IncidentId, new IncidentAccessEdit(0, null, true, []), CancellationToken.None);
        await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("End marker"), [], CancellationToken.None);

        var (connection, events) = await ConnectAsync(_app, ottoKey, start);
        await using (connection)
        {
            await events.WaitUntilAsync(e => e.Any(x => x.What == "incident End marker v0"), "the end marker");
            Assert.Equal(["incident End marker v0"], events.Snapshot().Select(e => e.What));
        }
    }
}
