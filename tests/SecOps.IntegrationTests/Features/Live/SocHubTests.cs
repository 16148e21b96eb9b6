using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Live;

namespace SecOps.IntegrationTests.Features.Live;

public sealed class SocHubTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Collects every alert a connection receives, in arrival order.</summary>
    private sealed class Receiver
    {
        public Arrivals<(long Seq, string DocumentId)> Items { get; } = new();
        public Arrivals<ResyncNotice> Resyncs { get; } = new();

        public void Attach(HubConnection connection)
        {
            connection.On<AlertFrame>("alerts", frame =>
            {
                foreach (var item in frame.Items)
                {
                    Items.Add((item.Seq, item.DocumentId));
                }
            });
            connection.On<ResyncNotice>("resync", Resyncs.Add);
        }

    }

    [Fact]
    public async Task ConnectedClient_ReceivesNewAlertsInFramesWithSequenceNumbers()
    {
        var receiver = new Receiver();
        await using var connection = _app.Hub();
        receiver.Attach(connection);
        await connection.StartAsync();
        await connection.InvokeAsync("Resume", _app.Get<LiveFeed>().Head);

        await Documents.PostAsync(_app.Client(), Documents.Alert("live-1"), Documents.Alert("live-2"));

        await receiver.Items.WaitUntilAsync(items => items.Count >= 2, "two live alerts");
        Assert.Equal(["live-1", "live-2"], receiver.Items.Snapshot().Select(i => i.DocumentId));
        var seqs = receiver.Items.Snapshot().Select(i => i.Seq).ToList();
        Assert.Equal(seqs[0] + 1, seqs[1]);
    }

    [Fact]
    public async Task ClientThatDisconnects_ResumesAndReceivesEveryMissedAlertExactlyOnceInOrder()
    {
        var first = new Receiver();
        var connection = _app.Hub();
        first.Attach(connection);
        await connection.StartAsync();
        await connection.InvokeAsync("Resume", _app.Get<LiveFeed>().Head);
        await Documents.PostAsync(_app.Client(), Enumerable.Range(0, 5).Select(i => Documents.Alert("before-" + i)).ToArray());
        await first.Items.WaitUntilAsync(items => items.Count == 5, "alerts before the disconnect");
        var lastSeen = first.Items.Snapshot()[^1].Seq;
        await connection.DisposeAsync();

        // While the client is away: several batches, so replay spans more than one write.
        for (var batch = 0; batch < 4; batch++)
        {
            await Documents.PostAsync(_app.Client(), Enumerable.Range(0, 25).Select(i => Documents.Alert($"missed-{batch}-{i}")).ToArray());
        }
        // Alerts keep arriving while the client reconnects and replays.
        var during = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await Documents.PostAsync(_app.Client(), Documents.Alert("during-" + i));
            }
        });

        var second = new Receiver();
        await using var reconnected = _app.Hub();
        second.Attach(reconnected);
        await reconnected.StartAsync();
        await reconnected.InvokeAsync("Resume", lastSeen);
        await during;
        // A last alert marks the end: everything numbered before it has been delivered once it arrives.
        await Documents.PostAsync(_app.Client(), Documents.Alert("end-marker"));
        await second.Items.WaitUntilAsync(items => items.Any(i => i.DocumentId == "end-marker"), "the end marker");

        var ids = second.Items.Snapshot().Select(i => i.DocumentId).TakeWhile(id => id != "end-marker").ToList();
        var seqs = second.Items.Snapshot().Select(i => i.Seq).Take(ids.Count).ToList();
        Assert.Equal(ids.Count + 1, second.Items.Snapshot().Count);
        Assert.Equal(110, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 110).Select(i => lastSeen + 1 + i), seqs);
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(b => Enumerable.Range(0, 25).Select(i => $"missed-{b}-{i}")), ids.Take(100));
    }

    [Fact]
    public async Task ClientOfflineWhile1000AlertsArrive_ReceivesAllOfThemInOrder_AfterReconnectingAndResumingFromItsLastSequenceNumber()
    {
        var receiver = new Receiver();
        await using var connection = _app.Hub();
        receiver.Attach(connection);
        await connection.StartAsync();
        await connection.InvokeAsync("Resume", _app.Get<LiveFeed>().Head);
        await Documents.PostAsync(_app.Client(), Documents.Alert("online"));
        await receiver.Items.WaitUntilAsync(items => items.Count == 1, "the alert before going offline");
        var lastSeen = receiver.Items.Snapshot()[^1].Seq;
        await connection.StopAsync();

        // Offline: 1,000 alerts arrive in ten shipper batches.
        var offline = Enumerable.Range(0, 1000).Select(i => $"offline-{i:D4}").ToList();
        foreach (var batch in offline.Chunk(100))
        {
            await Documents.PostAsync(_app.Client(), batch.Select(id => Documents.Alert(id)).ToArray());
        }

        // The same client comes back and asks for everything after the last number it saw, as the hub contract says.
        await connection.StartAsync();
        await connection.InvokeAsync("Resume", lastSeen);
        await receiver.Items.WaitUntilAsync(items => items.Count >= 1 + offline.Count, "the 1,000 alerts that arrived while the client was offline");
        // A last alert marks the end: nothing more (no duplicate) was delivered before it.
        await Documents.PostAsync(_app.Client(), Documents.Alert("end-marker"));
        await receiver.Items.WaitUntilAsync(items => items.Any(i => i.DocumentId == "end-marker"), "the end marker");

        var afterReconnect = receiver.Items.Snapshot().Skip(1).ToList();
        Assert.Equal([.. offline, "end-marker"], afterReconnect.Select(i => i.DocumentId));
        Assert.Equal(Enumerable.Range(1, offline.Count + 1).Select(i => lastSeen + i), afterReconnect.Select(i => i.Seq));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var feed = await db.ChangeFeed.Where(c => c.Seq > lastSeen).Join(db.Alerts, c => c.EntityId, a => a.Id, (c, a) => new { c.Seq, a.DocumentId })
            .OrderBy(r => r.Seq).ToListAsync();
        Assert.Equal(feed.Select(r => (r.Seq, r.DocumentId)), afterReconnect);
    }

    [Fact]
    public async Task ClientThatDoesNotResume_ReceivesEverythingFromItsConnectMoment()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("old-1"));
        var receiver = new Receiver();
        await using var connection = _app.Hub();
        receiver.Attach(connection);
        await connection.StartAsync();

        await Documents.PostAsync(_app.Client(), Documents.Alert("new-1"));

        await Documents.PostAsync(_app.Client(), Documents.Alert("end-marker"));
        await receiver.Items.WaitUntilAsync(items => items.Any(i => i.DocumentId == "end-marker"), "the end marker");
        Assert.Equal(["new-1", "end-marker"], receiver.Items.Snapshot().Select(i => i.DocumentId));
    }

    [Fact]
    public async Task ResumeFromBeforeTheRetainedFeed_GetsResync()
    {
        await Documents.PostAsync(_app.Client(), Enumerable.Range(0, 5).Select(i => Documents.Alert("r-" + i)).ToArray());
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            // What the retention purge does: the oldest entries are gone.
            await db.ChangeFeed.Where(e => e.Seq <= 3).ExecuteDeleteAsync();
        }
        var receiver = new Receiver();
        await using var connection = _app.Hub();
        receiver.Attach(connection);
        await connection.StartAsync();

        await connection.InvokeAsync("Resume", 1L);

        await receiver.Resyncs.WaitUntilAsync(r => r.Count > 0, "resync");
        Assert.Empty(receiver.Items.Snapshot());
    }

    [Fact]
    public async Task HubWithoutCredentials_IsRefusedWith401()
    {
        await using var connection = _app.Hub(apiKey: null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task HubWithIngestOnlyKey_IsRefusedWith403()
    {
        var ingestOnly = await _app.CreateApiKeyAsync("ingest");
        await using var connection = _app.Hub(ingestOnly);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }
}
