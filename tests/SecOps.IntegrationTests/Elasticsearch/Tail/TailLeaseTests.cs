using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Tail;

namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>Several instances on one store: exactly one tails a source, the others stand by and take over when it stops.</summary>
public sealed class TailLeaseTests : IAsyncLifetime
{
    private readonly string _store = TailApp.NewStoreDirectory();
    private ElasticsearchDouble _node = null!;

    public async Task InitializeAsync()
    {
        _node = await ElasticsearchDouble.StartAsync();
        TailApp.CreateAlertIndex(_node);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        TailApp.DeleteStore(_store);
    }

    private void Index(string uuid)
    {
        _node.Index(TailApp.Index, uuid, TailApp.Alert(uuid, DateTimeOffset.UtcNow), refresh: true);
    }

    [Fact]
    public async Task TwoInstancesOnOneStore_OneTails_TheOtherStandsBy_AndTakesOverWhenTheFirstStops()
    {
        Index("first-0");
        Index("first-1");
        var first = new TailApp(_node, _store);
        TailApp? second = null;
        try
        {
            await Eventually.HoldsAsync(async () => (await first.AlertsAsync()).Count == 2, () => "the first instance ingested both alerts");
            await Eventually.HoldsAsync(() => first.Health?.State == SourceState.Connected, () => $"first connected, was {first.Health}");

            second = new TailApp(_node, _store);
            await Eventually.HoldsAsync(() => second.Health?.State == SourceState.Standby, () => $"second on standby, was {second.Health}");
            Index("while-both-0");
            Index("while-both-1");
            await Eventually.HoldsAsync(async () => (await first.AlertsAsync()).Count == 4, () => "four alerts stored");
            Assert.Equal(SourceState.Standby, second.Health?.State);
            Assert.Contains("another instance", second.Health?.Detail, StringComparison.Ordinal);
            Assert.Equal(0, second.Tail.Ingested);
            Assert.Equal(4, first.Tail.Ingested);

            first.Dispose();
            Index("after-handover");

            await Eventually.HoldsAsync(async () => (await second.AlertsAsync()).Any(a => a.DocumentId == "after-handover"), () => "the second instance took over");
            await Eventually.HoldsAsync(() => second.Health?.State == SourceState.Connected, () => $"second connected, was {second.Health}");
            Assert.Equal(5, (await second.AlertsAsync()).Count);
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
        }
    }

    [Fact]
    public async Task Lease_IsHeldByOneInstance_UntilItExpiresOrIsReleased_AndOneOfManyFirstClaimsWins()
    {
        using var app = new SecOpsApp(dataDirectory: _store);
        var contexts = app.Get<IDbContextFactory<SecOpsDbContext>>();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        StoreLeases Instance() => new(contexts, time, NullLogger<StoreLeases>.Instance);
        var instances = Enumerable.Range(0, 8).Select(_ => Instance()).ToList();
        var ttl = TimeSpan.FromSeconds(30);

        var claims = await Task.WhenAll(instances.Select(i => Task.Run(() => i.HoldAsync("source:x", ttl, CancellationToken.None))));

        Assert.Single(claims, held => held);
        var holder = instances[Array.IndexOf(claims, true)];
        var other = instances.First(i => i != holder);
        Assert.Equal(holder.Holder, await other.HolderOfAsync("source:x", CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await holder.HoldAsync("source:x", ttl, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await other.HoldAsync("source:x", ttl, CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await other.HoldAsync("source:x", ttl, CancellationToken.None));
        Assert.False(await holder.HoldAsync("source:x", ttl, CancellationToken.None));

        await other.ReleaseAsync("source:x", CancellationToken.None);
        Assert.Null(await holder.HolderOfAsync("source:x", CancellationToken.None));
        Assert.True(await holder.HoldAsync("source:x", ttl, CancellationToken.None));
    }
}
