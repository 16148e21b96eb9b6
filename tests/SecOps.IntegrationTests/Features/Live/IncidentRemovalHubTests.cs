using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Reviews;

namespace SecOps.IntegrationTests.Features.Live;

/// <summary>
/// Deletions on the hub: a deleted incident comes as an <c>incidents</c> item <c>{ "id", "deleted": true }</c>, a follow-up
/// task removed by a review save as the same item on <c>tasks</c>, numbered in the change feed, live and in
/// <c>Resume</c> replay, only to connections that could see the incident (its tombstone keeps who that was). Rita is
/// named on the restricted incident, Otto is not.
/// </summary>
public sealed class IncidentRemovalHubTests : IAsyncLifetime
{
    private readonly SecOpsApp _app = new();
    private NeedToKnowPeople _people = default!;

    public async Task InitializeAsync() => _people = await NeedToKnowPeople.CreateAsync(_app);

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Every incident and task item a connection receives, raw JSON read as "incident 7", "deleted incident 7", "task 7/12", "deleted task 12".</summary>
    private static async Task<(HubConnection Connection, Arrivals<(long Seq, string What)> Events)> ConnectAsync(SecOpsApp app, string key, long afterSeq)
    {
        var events = new Arrivals<(long, string)>();
        var connection = app.Hub(key);
        foreach (var method in new[] { "incidents", "tasks" })
        {
            connection.On<JsonElement>(method, frame =>
            {
                var seq = frame.GetProperty("seq").GetInt64();
                foreach (var item in frame.GetProperty("items").EnumerateArray())
                {
                    var id = item.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
                    var what = item.TryGetProperty("deleted", out var deleted)
                        ? $"deleted {method[..^1]} {id} {deleted.GetBoolean()} ({item.EnumerateObject().Count()} fields)"
                        : method == "incidents" ? $"incident {item.GetProperty("title").GetString()}" : $"task {item.GetProperty("incidentId").GetInt64()}/{id}";
                    events.Add((seq, what));
                }
            });
        }
        await connection.StartAsync();
        await connection.InvokeAsync("Resume", afterSeq);
        return (connection, events);
    }

    [Fact]
    public async Task ADeletedIncident_IsARemovalItem_ReachingWhoCouldSeeIt_LiveAndInReplay_AndNothingOfARestrictedOneReachesAnOutsider()
    {
        var ritaKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Rita);
        var ottoKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto);
        var start = _app.Get<LiveFeed>().Head;
        var (ritaLive, ritaEvents) = await ConnectAsync(_app, ritaKey, start);
        var (ottoLive, ottoEvents) = await ConnectAsync(_app, ottoKey, start);
        var escalation = _app.Get<IncidentEscalation>();
        var removal = _app.Get<IncidentRemoval>();

        var restricted = (await escalation.CreateAsync(_people.Rita, new NewIncident("Insider case", Restricted: true), [], CancellationToken.None)).IncidentId;
        var open = (await escalation.CreateAsync(_people.Rita, new NewIncident("Open case"), [], CancellationToken.None)).IncidentId;
        Assert.True((await removal.DeleteAsync(_people.Ada, restricted, CancellationToken.None)).Deleted);
        Assert.True((await removal.DeleteAsync(_people.Ada, open, CancellationToken.None)).Deleted);
        await escalation.CreateAsync(_people.Rita, new NewIncident("End marker"), [], CancellationToken.None);

        await ritaEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident End marker"), "Rita's end marker");
        await ottoEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident End marker"), "Otto's end marker");
        Assert.Equal(["incident Insider case", "incident Open case", $"deleted incident {restricted} True (2 fields)", $"deleted incident {open} True (2 fields)", "incident End marker"],
            ritaEvents.Snapshot().Select(e => e.What));
        Assert.Equal(["incident Open case", $"deleted incident {open} True (2 fields)", "incident End marker"], ottoEvents.Snapshot().Select(e => e.What));
        // Numbered in the feed with everything else: Rita, who sees it all, sees no gap.
        Assert.Equal(Enumerable.Range(1, 5).Select(i => start + i), ritaEvents.Snapshot().Select(e => e.Seq));

        // Replay: the incidents are gone (their earlier changes are skipped, as for any row that no longer exists), their
        // removals are not, with the same numbers and the same audience as live.
        await ritaLive.DisposeAsync();
        await ottoLive.DisposeAsync();
        var (ritaReplay, ritaReplayed) = await ConnectAsync(_app, ritaKey, start);
        var (ottoReplay, ottoReplayed) = await ConnectAsync(_app, ottoKey, start);
        await using (ritaReplay)
        await using (ottoReplay)
        {
            await ritaReplayed.WaitUntilAsync(e => e.Any(x => x.What == "incident End marker"), "Rita's replayed end marker");
            await ottoReplayed.WaitUntilAsync(e => e.Any(x => x.What == "incident End marker"), "Otto's replayed end marker");
            Assert.Equal(ritaEvents.Snapshot().Skip(2), ritaReplayed.Snapshot());
            Assert.Equal(ottoEvents.Snapshot().Skip(1), ottoReplayed.Snapshot());
        }

        // The tombstones hold only who could hear of it; nothing that names the incident.
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var tombstone = await db.IncidentTombstones.SingleAsync(t => t.IncidentId == restricted);
        Assert.Equal((true, _people.Rita.Id), (tombstone.Restricted, tombstone.MemberIds));
    }

    [Fact]
    public async Task AFollowUpRemovedByAReviewSave_IsATasksRemovalItem_ForTheMemberOnly_LiveAndInReplay()
    {
        var ritaKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Rita);
        var ottoKey = await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto);
        var reviews = _app.Get<PostIncidentReviews>();
        var restricted = (await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Insider case", Restricted: true), [], CancellationToken.None)).IncidentId;
        var open = (await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Open case"), [], CancellationToken.None)).IncidentId;
        FollowUpEdit[] two = [new("Retire the shared admin account", _people.Rita.Id, null), new("Review HR hand-over", _people.Rita.Id, null)];
        Assert.True((await reviews.SaveAsync(_people.Rita, restricted, new ReviewEdit(0, "Shared account", "Fast lock-out", "Late notice", two), CancellationToken.None)).Succeeded);
        Assert.True((await reviews.SaveAsync(_people.Rita, open, new ReviewEdit(0, "Weak filter", "Fast reset", "Late report", two), CancellationToken.None)).Succeeded);
        long removedRestricted, removedOpen;
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            removedRestricted = await db.IncidentTasks.Where(t => t.IncidentId == restricted && t.FollowUpId != null).MaxAsync(t => t.Id);
            removedOpen = await db.IncidentTasks.Where(t => t.IncidentId == open && t.FollowUpId != null).MaxAsync(t => t.Id);
        }
        var start = _app.Get<LiveFeed>().Head;
        var (ritaLive, ritaEvents) = await ConnectAsync(_app, ritaKey, start);
        var (ottoLive, ottoEvents) = await ConnectAsync(_app, ottoKey, start);

        foreach (var incident in new[] { restricted, open })
        {
            var version = (await reviews.GetAsync(_people.Rita, incident, CancellationToken.None))!.Version;
            Assert.True((await reviews.SaveAsync(_people.Rita, incident, new ReviewEdit(version, "Root cause", "Went well", "Went badly", two[..1]), CancellationToken.None)).Succeeded);
        }
        await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("End marker"), [], CancellationToken.None);

        await ritaEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident End marker"), "Rita's end marker");
        await ottoEvents.WaitUntilAsync(e => e.Any(x => x.What == "incident End marker"), "Otto's end marker");
        Assert.Equal([$"deleted task {removedRestricted} True (2 fields)", $"deleted task {removedOpen} True (2 fields)"],
            ritaEvents.Snapshot().Where(e => e.What.StartsWith("deleted", StringComparison.Ordinal)).Select(e => e.What));
        Assert.Equal([$"deleted task {removedOpen} True (2 fields)"], ottoEvents.Snapshot().Where(e => e.What.StartsWith("deleted", StringComparison.Ordinal)).Select(e => e.What));
        Assert.DoesNotContain(ottoEvents.Snapshot(), e => e.What.StartsWith($"task {restricted}/", StringComparison.Ordinal) || e.What.Contains("Insider", StringComparison.Ordinal));

        await ritaLive.DisposeAsync();
        await ottoLive.DisposeAsync();
        var (ritaReplay, ritaReplayed) = await ConnectAsync(_app, ritaKey, start);
        var (ottoReplay, ottoReplayed) = await ConnectAsync(_app, ottoKey, start);
        await using (ritaReplay)
        await using (ottoReplay)
        {
            await ritaReplayed.WaitUntilAsync(e => e.Any(x => x.What == "incident End marker"), "Rita's replayed end marker");
            await ottoReplayed.WaitUntilAsync(e => e.Any(x => x.What == "incident End marker"), "Otto's replayed end marker");
            Assert.Equal(ritaEvents.Snapshot().Where(e => e.What.StartsWith("deleted", StringComparison.Ordinal)),
                ritaReplayed.Snapshot().Where(e => e.What.StartsWith("deleted", StringComparison.Ordinal)));
            Assert.Equal(ottoEvents.Snapshot().Where(e => e.What.StartsWith("deleted", StringComparison.Ordinal)),
                ottoReplayed.Snapshot().Where(e => e.What.StartsWith("deleted", StringComparison.Ordinal)));
        }
    }
}
