using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using SecOps.IntegrationTests.Features.Incidents;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Playbooks;

namespace SecOps.IntegrationTests.Features.Live;

/// <summary>
/// The hub's <c>incidents</c> and <c>tasks</c> events: numbered in the change feed with the alerts, in sequence order,
/// and need-to-know filtered both live and in <c>Resume</c> replay. Rita is named on the restricted incident, Otto is not.
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
        connection.On<TaskFrame>("tasks", frame =>
        {
            foreach (var task in frame.Items)
            {
                events.Add((frame.Seq, $"task {task.IncidentId}/{task.Id} {task.State} v{task.Version}"));
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

    [Fact]
    public async Task TaskEvents_ReachOnlyTheRestrictedIncidentsMember_NumberedWithoutGaps_LiveAndInReplay_AndMatchTheReadApi()
    {
        var ritaKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Rita);
        var ottoKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto);
        var start = _app.Get<LiveFeed>().Head;
        var (ritaLive, ritaEvents) = await ConnectAsync(_app, ritaKey, start);
        var (ottoLive, ottoEvents) = await ConnectAsync(_app, ottoKey, start);
        var escalation = _app.Get<IncidentEscalation>();
        var runner = _app.Get<PlaybookRunner>();

        var restricted = (await escalation.CreateAsync(_people.Rita, new NewIncident("Insider case", Restricted: true), [], CancellationToken.None)).IncidentId;
        // A playbook without automated steps, so no step outcome arrives in between.
        Assert.True((await runner.AttachAsync(_people.Rita, restricted, "insider-misuse", CancellationToken.None)).Succeeded);
        var board = await _app.Get<IncidentTasks>().BoardAsync(_people.Rita, restricted, CancellationToken.None);
        var first = board.Tasks.OrderBy(t => t.Position).First();
        Assert.True((await runner.SkipAsync(_people.Rita, first.Id, first.Version, "Not misuse after all", CancellationToken.None)).Succeeded);
        await escalation.CreateAsync(_people.Rita, new NewIncident("Open end marker"), [], CancellationToken.None);

        await ritaEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Rita's end marker");
        await ottoEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Otto's end marker");
        var rita = ritaEvents.Snapshot();
        // Every task of the playbook arrived once as it was attached (open, version 0), then the skip, then the incident's own change.
        var attachedTasks = rita.Where(e => e.What.EndsWith(" open v0", StringComparison.Ordinal)).Select(e => e.What).ToList();
        Assert.Equal(board.Tasks.OrderBy(t => t.Position).Select(t => $"task {restricted}/{t.Id} open v0"), attachedTasks);
        Assert.Equal($"task {restricted}/{first.Id} skipped v1", rita[^3].What);
        Assert.Equal("incident Insider case v0", rita[^2].What);
        // A member sees every number from the start: no gap where tasks were numbered.
        Assert.Equal(Enumerable.Range(0, rita.Count).Select(i => start + 1 + i), rita.Select(e => e.Seq));
        Assert.Equal(["incident Open end marker v0"], ottoEvents.Snapshot().Select(e => e.What));

        // The read API gives the tasks as the last events left them; to an outsider the incident's tasks do not exist.
        using var ritaClient = _app.Client(ritaKey);
        using var ottoClient = _app.Client(ottoKey);
        var documents = await ritaClient.GetFromJsonAsync<List<TaskDocument>>($"/api/v1/incidents/{restricted}/tasks", System.Text.Json.JsonSerializerOptions.Web) ?? [];
        Assert.Equal(board.Tasks.Select(t => t.Id), documents.Select(d => d.Id));
        Assert.Equal("skipped", documents.Single(d => d.Id == first.Id).State);
        Assert.Equal("insider-misuse", documents[0].PlaybookKey);
        Assert.All(documents.Where(d => d.Id != first.Id), d => Assert.Equal("open", d.State));
        using var hidden = await ottoClient.GetAsync($"/api/v1/incidents/{restricted}/tasks");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, hidden.StatusCode);

        // Replay gives each the same numbers and kinds (tasks as they are now).
        await ritaLive.DisposeAsync();
        await ottoLive.DisposeAsync();
        var (ritaReplay, ritaReplayed) = await ConnectAsync(_app, ritaKey, start);
        var (ottoReplay, ottoReplayed) = await ConnectAsync(_app, ottoKey, start);
        await using (ritaReplay)
        await using (ottoReplay)
        {
            await ritaReplayed.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Rita's replayed end marker");
            await ottoReplayed.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Otto's replayed end marker");
            Assert.Equal(rita.Select(e => (e.Seq, Kind(e.What))), ritaReplayed.Snapshot().Select(e => (e.Seq, Kind(e.What))));
            Assert.Equal(["incident Open end marker v0"], ottoReplayed.Snapshot().Select(e => e.What));
        }
    }

    [Fact]
    public async Task AReviewFollowUp_IsATasksEventOfKindFollowUp_ThatReachesOnlyTheRestrictedIncidentsMember()
    {
        var ritaKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Rita);
        var ottoKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto);
        var start = _app.Get<LiveFeed>().Head;
        var (ritaLive, ritaEvents) = await ConnectAsync(_app, ritaKey, start);
        var (ottoLive, ottoEvents) = await ConnectAsync(_app, ottoKey, start);
        await using (ritaLive)
        await using (ottoLive)
        {
            var ritaTasks = new Arrivals<TaskDocument>();
            var ottoTasks = new Arrivals<TaskDocument>();
            ritaLive.On<TaskFrame>("tasks", frame => { foreach (var task in frame.Items) { ritaTasks.Add(task); } });
            ottoLive.On<TaskFrame>("tasks", frame => { foreach (var task in frame.Items) { ottoTasks.Add(task); } });
            var escalation = _app.Get<IncidentEscalation>();
            var restricted = (await escalation.CreateAsync(_people.Rita, new NewIncident("Insider case", Restricted: true), [], CancellationToken.None)).IncidentId;
            Assert.True((await _app.Get<SecOps.Web.Features.Reviews.PostIncidentReviews>().SaveAsync(_people.Rita, restricted,
                new SecOps.Web.Features.Reviews.ReviewEdit(0, "Shared admin account", "Fast lock-out", "Late HR notice",
                    [new SecOps.Web.Features.Reviews.FollowUpEdit("Retire the shared admin account", _people.Rita.Id, null)]), CancellationToken.None)).Succeeded);
            await escalation.CreateAsync(_people.Rita, new NewIncident("Open end marker"), [], CancellationToken.None);

            await ritaEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Rita's end marker");
            await ottoEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident Open end marker v0"), "Otto's end marker");

            var followUp = Assert.Single(ritaTasks.Snapshot());
            Assert.Equal(("follow-up", TaskDocument.FollowUpPlaybook, restricted, "Retire the shared admin account", "post_incident", _people.Rita.Id),
                (followUp.Kind, followUp.PlaybookKey, followUp.IncidentId, followUp.Title, followUp.Phase, followUp.AssigneeId));
            Assert.Empty(ottoTasks.Snapshot());
        }
    }

    /// <summary>What an event is about without the state it carried ("task 4/17", "incident Insider case").</summary>
    private static string Kind(string what) => System.Text.RegularExpressions.Regex.Replace(what, "( (open|done|skipped))? v[0-9]+$", "");

    [Fact]
    public async Task AlertsOfARestrictedIncident_LeaveItsIdOutOfSharedViews_AndGiveItOnlyInTheDrawerOfWhoMaySeeIt_UntilItIsOpenedAgain()
    {
        var ottoKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto);
        await Documents.PostAsync(_app.Client(), Documents.Alert("insider-alert"), Documents.Alert("phishing-alert"));
        Dictionary<string, long> ids;
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            ids = await db.Alerts.Where(a => a.DocumentId == "insider-alert" || a.DocumentId == "phishing-alert").ToDictionaryAsync(a => a.DocumentId, a => a.Id);
        }
        var start = _app.Get<LiveFeed>().Head;
        var frames = new Arrivals<(long Seq, string What)>();
        var otto = _app.Hub(ottoKey);
        otto.On<AlertFrame>("alerts", frame =>
        {
            foreach (var alert in frame.Items)
            {
                frames.Add((alert.Seq, $"{alert.DocumentId} incident {alert.IncidentId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}"));
            }
        });
        otto.On<BulkNotice>("bulk", notice => frames.Add((notice.SeqTo, $"bulk {notice.Kind} {notice.Count}")));
        otto.On<IncidentFrame>("incidents", frame => frames.Add((frame.Seq, "incident " + frame.Items[0].Title)));
        await otto.StartAsync();
        await otto.InvokeAsync("Resume", start);
        await using var _ = otto;
        var escalation = _app.Get<IncidentEscalation>();
        var restricted = (await escalation.CreateAsync(_people.Rita, new NewIncident("Insider case", Restricted: true), [ids["insider-alert"]], CancellationToken.None)).IncidentId;
        var open = (await escalation.CreateAsync(_people.Rita, new NewIncident("Phishing"), [ids["phishing-alert"]], CancellationToken.None)).IncidentId;

        await frames.WaitUntilAsync(f => f.Any(x => x.What == "incident Phishing"), "the open incident");
        Assert.Equal(["insider-alert incident none", $"phishing-alert incident {open}", "incident Phishing"], frames.Snapshot().Select(f => f.What));
        // The alerts API is a shared view too, for members as well: the id is given where need-to-know is judged, in the drawer.
        using var ottoClient = _app.Client(ottoKey);
        var shared = await ottoClient.GetFromJsonAsync<AlertView>($"/api/v1/alerts/{ids["insider-alert"]}", System.Text.Json.JsonSerializerOptions.Web);
        Assert.Equal(("insider-alert", (long?)null), (shared!.DocumentId, shared.IncidentId));
        var queries = _app.Get<Web.Features.Triage.AlertQueries>();
        Assert.Null((await queries.GetDetailAsync(_people.Otto, ids["insider-alert"], CancellationToken.None))!.IncidentId);
        Assert.Equal(restricted, (await queries.GetDetailAsync(_people.Rita, ids["insider-alert"], CancellationToken.None))!.IncidentId);
        Assert.Equal(restricted, (await queries.GetDetailAsync(_people.Ada, ids["insider-alert"], CancellationToken.None))!.IncidentId);
        Assert.Equal(open, (await queries.GetDetailAsync(_people.Otto, ids["phishing-alert"], CancellationToken.None))!.IncidentId);

        // Opened to everyone: the linked alert is renumbered, so boards and hub clients re-read it, and it shows its incident.
        var version = (await _app.Get<IncidentQueries>().GetAsync(_people.Rita, restricted, CancellationToken.None))!.Version;
        Assert.True((await _app.Get<IncidentEditing>().SetAccessAsync(_people.Rita, restricted, new IncidentAccessEdit(version, null, false, []), CancellationToken.None)).Succeeded);
        await frames.WaitUntilAsync(f => f.Any(x => x.What == "incident Insider case"), "the opened incident");
        Assert.Equal(["bulk AlertEscalated 1", "incident Insider case"], frames.Snapshot().Skip(3).Select(f => f.What));
        var opened = await ottoClient.GetFromJsonAsync<AlertView>($"/api/v1/alerts/{ids["insider-alert"]}", System.Text.Json.JsonSerializerOptions.Web);
        Assert.Equal(restricted, opened!.IncidentId);
    }
}
