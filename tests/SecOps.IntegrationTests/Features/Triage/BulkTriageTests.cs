using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

public sealed class BulkTriageTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly Actor Analyst = new("bulk-analyst", "Bulk Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    [Fact]
    public async Task BulkCloseByFilterOver100000Alerts_ClosesEachWithOneHistoryEntryAndAnnouncesOneBulkEvent()
    {
        const int matching = 100_000;
        var client = _app.Client();
        for (var batch = 0; batch < matching / 5000; batch++)
        {
            await Documents.PostNdjsonAsync(client, Documents.Ndjson(Enumerable.Range(0, 5000).Select(i => Documents.Alert($"noise-{batch}-{i}", rule: "Noisy scanner", severity: "low"))));
        }
        await Documents.PostAsync(client, Documents.Alert("keep-1", rule: "Real attack", severity: "critical"));
        var frames = new Arrivals<string>();
        await using var hub = _app.Hub();
        hub.On<AlertFrame>("alerts", f => frames.Add("alerts:" + f.Items.Count));
        hub.On<BulkNotice>("bulk", b => frames.Add($"bulk:{b.Count}:{b.SeqTo - b.SeqFrom + 1}"));
        await hub.StartAsync();
        await hub.InvokeAsync("Resume", _app.Get<LiveFeed>().Head);
        var query = AlertQueryParser.Parse("rule:\"Noisy scanner\" AND status:open").Query!;

        var outcome = await _app.Get<AlertTriage>().BulkAsync(Analyst, BulkTarget.Matching(query), TriageAction.Close, CloseReason.FalsePositive, "known scanner", CancellationToken.None);

        Assert.Equal(matching, outcome.Changed);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(matching, await db.Alerts.CountAsync(a => a.Status == AlertStatus.Closed && a.CloseReason == CloseReason.FalsePositive));
        Assert.Equal(AlertStatus.Open, (await db.Alerts.SingleAsync(a => a.DocumentId == "keep-1")).Status);
        var history = await db.AlertTransitions.GroupBy(t => t.AlertId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(matching, history.Count);
        Assert.All(history, count => Assert.Equal(1, count));
        Assert.Equal(matching, await db.AlertTransitions.CountAsync(t => t.Comment == "known scanner" && t.ActorId == Analyst.Id));
        // One more alert after the bulk: once its frame arrives, everything before it has been delivered.
        await Documents.PostAsync(client, Documents.Alert("after-bulk"));
        await frames.WaitUntilAsync(f => f.Contains("alerts:1"), "the frame of the alert posted after the bulk");
        Assert.Equal([$"bulk:{matching}:{matching}", "alerts:1"], frames.Snapshot());
        var lastSeqs = await db.Alerts.Where(a => a.Status == AlertStatus.Closed).Select(a => a.LastSeq).Distinct().CountAsync();
        Assert.Equal(matching, lastSeqs);
    }

    [Fact]
    public async Task BulkOver60TargetsOfWhich40Change_WritesExactly40FeedRows_DeliveredLiveAndInReplay()
    {
        await Documents.PostAsync(_app.Client(), Enumerable.Range(0, 60).Select(i => Documents.Alert($"mix-{i:D2}")).ToArray());
        List<long> ids;
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            ids = await db.Alerts.OrderBy(a => a.DocumentId).Select(a => a.Id).ToListAsync();
        }
        var triage = _app.Get<AlertTriage>();
        Assert.Equal(new BulkOutcome(20, 0), await triage.BulkAsync(Analyst, BulkTarget.Selection([.. ids.Where((_, i) => i % 3 == 0)]), TriageAction.Acknowledge, null, null, CancellationToken.None));
        var before = _app.Get<LiveFeed>().Head;
        var live = new FrameLog();
        await using var watcher = _app.Hub();
        live.Attach(watcher);
        await watcher.StartAsync();
        await watcher.InvokeAsync("Resume", before);

        var outcome = await triage.BulkAsync(Analyst, BulkTarget.Selection(ids), TriageAction.Acknowledge, null, null, CancellationToken.None);

        Assert.Equal(new BulkOutcome(40, 20), outcome);
        var changed = ids.Where((_, i) => i % 3 != 0).ToList();
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            var rows = await db.ChangeFeed.Where(e => e.Seq > before).OrderBy(e => e.Seq).ToListAsync();
            Assert.Equal(Enumerable.Range(1, 40).Select(i => before + i), rows.Select(e => e.Seq));
            Assert.All(rows, e => Assert.Equal(ChangeKind.AlertTriaged, e.Kind));
            Assert.Equal(changed, rows.Select(e => e.EntityId).Order());
            var lastSeqs = await db.Alerts.Where(a => changed.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.LastSeq);
            Assert.All(rows, e => Assert.Equal(e.Seq, lastSeqs[e.EntityId]));
        }
        // A last alert marks the end: once it arrives, everything numbered before it has been delivered.
        await Documents.PostAsync(_app.Client(), Documents.Alert("end-marker"));
        await live.WaitForAsync("end-marker");
        var replay = new FrameLog();
        await using var resumed = _app.Hub();
        replay.Attach(resumed);
        await resumed.StartAsync();
        await resumed.InvokeAsync("Resume", before);
        await replay.WaitForAsync("end-marker");

        foreach (var log in new[] { live, replay })
        {
            var items = log.Items.Snapshot().TakeWhile(i => i.DocumentId != "end-marker").ToList();
            Assert.Equal(Enumerable.Range(1, 40).Select(i => before + i), items.Select(i => i.Seq));
            Assert.Equal(changed, items.Select(i => i.Id).Order());
            Assert.All(items, i => Assert.Equal("acknowledged", i.Status));
            Assert.Empty(log.Bulks.Snapshot());
        }
    }

    /// <summary>Every alert and bulk notice a hub connection receives, in arrival order.</summary>
    private sealed class FrameLog
    {
        public Arrivals<AlertView> Items { get; } = new();

        public Arrivals<BulkNotice> Bulks { get; } = new();

        public void Attach(HubConnection connection)
        {
            connection.On<AlertFrame>("alerts", frame =>
            {
                foreach (var item in frame.Items)
                {
                    Items.Add(item);
                }
            });
            connection.On<BulkNotice>("bulk", Bulks.Add);
        }

        public Task WaitForAsync(string documentId) =>
            Items.WaitUntilAsync(items => items.Any(i => i.DocumentId == documentId), documentId);
    }

    [Fact]
    public async Task BulkOnASelection_SkipsAlertsTheActionDoesNotApplyTo()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("sel-1"), Documents.Alert("sel-2"), Documents.Alert("sel-3"));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var ids = await db.Alerts.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
        var triage = _app.Get<AlertTriage>();
        await triage.ClaimAsync(new Actor("other", "Other Analyst", Analyst.Permissions), ids[0], CancellationToken.None);

        var outcome = await triage.BulkAsync(Analyst, BulkTarget.Selection(ids), TriageAction.Claim, null, null, CancellationToken.None);

        Assert.Equal(new BulkOutcome(2, 1), outcome);
    }

    private static readonly Actor Other = new("other", "Other Analyst", Analyst.Permissions);

    /// <summary>The starting states the rules tell apart: status and who holds the alert.</summary>
    private static readonly (string Name, Func<AlertTriage, long, Task> Prepare)[] StartingStates =
    [
        ("open", (_, _) => Task.CompletedTask),
        ("open, claimed by another", (t, id) => t.ClaimAsync(Other, id, CancellationToken.None)),
        ("open, claimed by the actor", (t, id) => t.ClaimAsync(Analyst, id, CancellationToken.None)),
        ("acknowledged", (t, id) => t.AcknowledgeAsync(Other, id, CancellationToken.None)),
        ("in progress with another", (t, id) => t.StartAsync(Other, id, CancellationToken.None)),
        ("closed", (t, id) => t.CloseAsync(Other, id, CloseReason.Benign, null, CancellationToken.None)),
    ];

    [Theory]
    [InlineData(TriageAction.Acknowledge)]
    [InlineData(TriageAction.Start)]
    [InlineData(TriageAction.Close)]
    [InlineData(TriageAction.Claim)]
    [InlineData(TriageAction.Assign)]
    public async Task BulkAction_LeavesEachAlertAndItsHistoryAsTheOneAlertTransitionDoes(TriageAction action)
    {
        Assignee? assignee = null;
        if (action == TriageAction.Assign)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
            var user = new SecOpsUser { UserName = "rita@example.test", Email = "rita@example.test", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, "Long-Enough-Password-1")).Succeeded);
            await users.AddToRoleAsync(user, Roles.Responder);
            assignee = new Assignee(user.Id, "rita@example.test");
        }
        string One(string state) => "one-" + Array.FindIndex(StartingStates, s => s.Name == state);
        string Bulk(string state) => "bulk-" + Array.FindIndex(StartingStates, s => s.Name == state);
        var documents = StartingStates.SelectMany(state => new[] { One(state.Name), Bulk(state.Name) }).ToArray();
        await Documents.PostAsync(_app.Client(), [.. documents.Select(d => Documents.Alert(d))]);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var idOf = await db.Alerts.ToDictionaryAsync(a => a.DocumentId, a => a.Id);
        var triage = _app.Get<AlertTriage>();
        foreach (var (name, prepare) in StartingStates)
        {
            await prepare(triage, idOf[One(name)]);
            await prepare(triage, idOf[Bulk(name)]);
        }

        var oneByOne = 0;
        foreach (var (name, _) in StartingStates)
        {
            var outcome = await triage.ApplyAsync(Analyst, idOf[One(name)], action, CloseReason.FalsePositive, " why ", CancellationToken.None, assignee);
            oneByOne += outcome.Succeeded ? 1 : 0;
        }
        var bulk = await triage.BulkAsync(Analyst, BulkTarget.Selection([.. StartingStates.Select(s => idOf[Bulk(s.Name)])]), action, CloseReason.FalsePositive, " why ", CancellationToken.None, assignee);

        Assert.Equal(new BulkOutcome(oneByOne, StartingStates.Length - oneByOne), bulk);
        Assert.True(oneByOne > 0, "the action applies to at least one starting state");
        foreach (var (name, _) in StartingStates)
        {
            Assert.Equal(await StateAsync(idOf[One(name)]), await StateAsync(idOf[Bulk(name)]));
        }

        async Task<string> StateAsync(long id)
        {
            var a = await db.Alerts.AsNoTracking().SingleAsync(a => a.Id == id);
            var history = await db.AlertTransitions.AsNoTracking().Where(t => t.AlertId == id).OrderBy(t => t.Id)
                .Select(t => $"{t.ActorId}:{t.FromStatus}>{t.ToStatus}:{t.FromAssignee}>{t.ToAssignee}:{t.CloseReason}:{t.Comment}").ToListAsync();
            return $"{a.Status} {a.AssigneeId} {a.AssigneeName} {a.CloseReason} ack={a.AcknowledgedAt.HasValue} closed={a.ClosedAt.HasValue} v{a.Version} | {string.Join(" | ", history)}";
        }
    }

    [Fact]
    public async Task BulkByAManager_IsRefused()
    {
        var manager = new Actor("m", "Manager", PermissionTable.ForRole(Roles.Manager).ToHashSet());
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _app.Get<AlertTriage>().BulkAsync(manager, BulkTarget.Matching(AlertQuery.All), TriageAction.Close, CloseReason.Benign, null, CancellationToken.None));
    }
}
