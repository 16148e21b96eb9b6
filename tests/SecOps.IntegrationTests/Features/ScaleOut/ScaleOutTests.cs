using System.Net;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Triage;
using StackExchange.Redis;

namespace SecOps.IntegrationTests.Features.ScaleOut;

/// <summary>Two instances on one store and one Redis: a change made through either reaches the screens of both.</summary>
[Trait("Store", TestStore.PostgresOnly)]
public sealed class ScaleOutTests
{
    private static async Task PostAsync(SecOpsApp app, params string[] ids)
    {
        var answer = await Documents.PostAsync(app.Client(), ids.Select(id => Documents.Alert(id)).ToArray());
        Assert.All(answer.Items, item => Assert.Equal(201, item.Status));
    }

    [RedisFact]
    public async Task AlertsIngestedOnA_ReachAHubClientOnB_LiveInOrder_WithTheFeedsSequenceNumbers()
    {
        await using var pair = await ScaleOutPair.StartAsync(TestRedis.Configuration);
        var (connection, received) = await ScaleOutPair.HubClientAsync(pair.B);
        await using var _ = connection;

        for (var batch = 0; batch < 3; batch++)
        {
            await PostAsync(pair.A, Enumerable.Range(0, 5).Select(i => $"a-{batch}-{i}").ToArray());
        }

        await received.WaitUntilAsync(items => items.Count >= 15, "15 alerts ingested on A, on a hub client of B");
        var feed = await pair.FeedAsync();
        Assert.Equal(15, feed.Count);
        Assert.Equal(feed, received.Snapshot());
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(b => Enumerable.Range(0, 5).Select(i => $"a-{b}-{i}")), received.Snapshot().Select(r => r.DocumentId));
        Assert.Equal(feed[^1].Seq, pair.B.Get<LiveFeed>().Head);
    }

    [RedisFact]
    public async Task ChangesMadeWhileRedisIsDown_ReachAHubClientOnB_AfterRedisReturns_WithoutGapOrDuplicate_AndReadinessReportsTheOutage()
    {
        using var redis = new LocalRedisServer();
        await using var pair = await ScaleOutPair.StartAsync(redis.Configuration);
        var (connection, received) = await ScaleOutPair.HubClientAsync(pair.B);
        await using var _ = connection;
        using var health = pair.B.Client(apiKey: null);
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/ready")).StatusCode);
        await PostAsync(pair.A, "before");
        await received.WaitUntilAsync(items => items.Count >= 1, "the alert before the outage");

        redis.Kill();
        // Both instances keep working without Redis: ingest on A succeeds, B stays live but reports itself not ready.
        await PostAsync(pair.A, "during-0", "during-1");
        await PostAsync(pair.A, "during-2", "during-3", "during-4");
        await Eventually.HoldsAsync(async () => (await health.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            () => "B not ready while Redis is down");
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/live")).StatusCode);

        redis.Start();
        // Announcements of the outage's commits were lost; B reads them from the store once its connection is back.
        await received.WaitUntilAsync(items => items.Count >= 6, "the alerts ingested while Redis was down");
        await Eventually.HoldsAsync(async () => (await health.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            () => "B ready again once Redis is back");
        // Both instances listen again (their subscriptions are restored) before the next announcement.
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            await Eventually.HoldsAsync(async () => (long)((RedisResult[])(await admin.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", pair.Channel))!)[1] == 2,
                () => "A and B subscribed again");
        }
        await PostAsync(pair.A, "after");
        await received.WaitUntilAsync(items => items.Count >= 7, "the alert after the outage");

        var feed = await pair.FeedAsync();
        Assert.Equal(["before", "during-0", "during-1", "during-2", "during-3", "during-4", "after"], feed.Select(f => f.DocumentId));
        Assert.Equal(feed, received.Snapshot());
    }

    [RedisFact]
    public async Task TriageOnA_ReachesTheLiveFeedBoardsOnBRenderFrom_WithTheNewStatus()
    {
        await using var pair = await ScaleOutPair.StartAsync(TestRedis.Configuration);
        var onB = new Arrivals<FeedChange>();
        using var subscription = pair.B.Get<LiveFeed>().Subscribe(changes =>
        {
            foreach (var change in changes)
            {
                onB.Add(change);
            }
        });
        await PostAsync(pair.A, "to-triage");
        await onB.WaitUntilAsync(changes => changes.Any(c => c.Alert.DocumentId == "to-triage"), "the new alert on B");
        var alertId = onB.Snapshot().Single().Alert.Id;
        var analyst = new Actor("analyst-a", "Analyst A", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

        Assert.True((await pair.A.Get<AlertTriage>().ClaimAsync(analyst, alertId, CancellationToken.None)).Succeeded);
        Assert.True((await pair.A.Get<AlertTriage>().AcknowledgeAsync(analyst, alertId, CancellationToken.None)).Succeeded);

        await onB.WaitUntilAsync(changes => changes.Any(c => c.Alert.Status == "acknowledged"), "the acknowledgement on B");
        var triaged = onB.Snapshot().Last();
        Assert.Equal(ChangeKind.AlertTriaged, triaged.Kind);
        Assert.Equal(alertId, triaged.Alert.Id);
        Assert.Equal("Analyst A", triaged.Alert.Assignee);
        await using var db = TestStore.Open(pair.Store);
        var stored = await db.Alerts.AsNoTracking().SingleAsync(a => a.Id == alertId);
        Assert.Equal(stored.LastSeq, triaged.Seq);
        Assert.Equal(onB.Snapshot().Select(c => c.Seq), Enumerable.Range((int)onB.Snapshot()[0].Seq, onB.Snapshot().Count).Select(s => (long)s));
    }

    [Fact]
    public async Task AWriteOnB_FirstPublishesWhatAnotherInstanceCommitted_SoBsFeedStaysInNumberOrder()
    {
        // No Redis: B hears of A's commit only when it writes itself.
        await using var pair = await ScaleOutPair.StartAsync(redis: null);
        var onB = new Arrivals<FeedChange>();
        using var subscription = pair.B.Get<LiveFeed>().Subscribe(changes =>
        {
            foreach (var change in changes)
            {
                onB.Add(change);
            }
        });

        await PostAsync(pair.A, "on-a-0", "on-a-1");
        await PostAsync(pair.B, "on-b");

        await onB.WaitUntilAsync(changes => changes.Count >= 3, "A's alerts and B's own on B's feed");
        var feed = await pair.FeedAsync();
        Assert.Equal(feed, onB.Snapshot().Select(c => (c.Seq, c.Alert.DocumentId)));
        Assert.Equal(["on-a-0", "on-a-1", "on-b"], feed.Select(f => f.DocumentId));
    }
}
