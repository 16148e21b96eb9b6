using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Tail;

namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>Several instances on one store: exactly one tails a source, the others stand by and take over when it stops.</summary>
public sealed class TailLeaseTests : TailTest
{
    private void Index(string uuid)
    {
        Node.Index(TailApp.Index, uuid, TailApp.Alert(uuid, DateTimeOffset.UtcNow), refresh: true);
    }

    [Fact]
    public async Task TwoInstancesOnOneStore_OneTails_TheOtherStandsBy_AndTakesOverWhenTheFirstStops()
    {
        Index("first-0");
        Index("first-1");
        var first = new TailApp(Node, Store);
        TailApp? second = null;
        try
        {
            await Eventually.HoldsAsync(async () => (await first.AlertsAsync()).Count == 2, () => "the first instance ingested both alerts");
            await Eventually.HoldsAsync(() => first.Health?.State == SourceState.Connected, () => $"first connected, was {first.Health}");

            second = new TailApp(Node, Store);
            await Eventually.HoldsAsync(() => second.Health?.State == SourceState.Standby, () => $"second on standby, was {second.Health}");
            Index("while-both-0");
            Index("while-both-1");
            await Eventually.HoldsAsync(async () => (await first.AlertsAsync()).Count == 4, () => "four alerts stored");
            Assert.Equal(SourceState.Standby, second.Health?.State);
            Assert.Contains("another instance", second.Health?.Detail, StringComparison.Ordinal);
            Assert.Equal(0, second.Tail.Ingested);
            // The tail counts a page after its commit, so the store can show all four a moment before the counter does.
            await Eventually.HoldsAsync(() => first.Tail.Ingested == 4, () => $"the first instance counted four, was {first.Tail.Ingested}");

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
    public async Task LeaseTakenDuringAPoll_StopsTheTailBeforeItsNextPage_AndItResumesFromTheStoredCheckpointWhenFree()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 6; i++)
        {
            Node.Index(TailApp.Index, $"page-{i}", TailApp.Alert($"page-{i}", at.AddMilliseconds(i)));
        }
        Node.Refresh();
        var searches = 0;
        var stolen = 0;
        // Installed before the app starts, whose tail polls at once; it reaches the store through the file, not the app.
        Node.OnRequest = http =>
        {
            // After the alert cursor read its first page, another instance takes the source (its lease runs for an hour).
            // (The audit tail searches logs-* on the same node; only searches of the alert indices count.)
            if (http.Request.Path.Value!.Contains(".alerts-security", StringComparison.Ordinal) && Interlocked.Increment(ref searches) == 2
                && Interlocked.Exchange(ref stolen, 1) == 0)
            {
                using var db = TestStore.Open(Store);
                db.Leases.Where(l => l.Name == AlertTail.HealthName)
                    .ExecuteUpdate(u => u.SetProperty(l => l.Holder, "other-instance").SetProperty(l => l.ExpiresAt, DateTimeOffset.UtcNow.AddHours(1)));
            }
        };
        using var app = new TailApp(Node, Store, new Dictionary<string, string?> { [$"{TailOptions.SectionName}:PageSize"] = "2" });

        await Eventually.HoldsAsync(() => app.Health?.State == SourceState.Standby, () => $"standby after losing the lease, was {app.Health}");
        Assert.Equal(["page-0", "page-1"], (await app.AlertsAsync()).Select(a => a.DocumentId));
        Assert.Equal("page-1", (await app.CheckpointAsync())?.LastTiebreaker);

        await using (var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            await db.Leases.Where(l => l.Name == AlertTail.HealthName).ExecuteDeleteAsync();
        }

        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Count == 6, () => "the tail took the source back and read the rest");
        Assert.Equal(6, (await app.AlertsAsync()).Select(a => a.DocumentId).Distinct().Count());
        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync())?.LastTiebreaker == "page-5", () => "the checkpoint moved on to the last document");
    }

    [Fact]
    public async Task Lease_IsHeldByOneInstance_UntilItExpiresOrIsReleased_AndOneOfManyFirstClaimsWins_TakeoversReportedAsAcquired()
    {
        using var app = new SecOpsApp(dataDirectory: Store);
        var contexts = app.Get<IDbContextFactory<SecOpsDbContext>>();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        StoreLeases Instance() => new(contexts, time, NullLogger<StoreLeases>.Instance);
        var instances = Enumerable.Range(0, 8).Select(_ => Instance()).ToList();
        var ttl = TimeSpan.FromSeconds(30);

        var claims = await Task.WhenAll(instances.Select(i => Task.Run(() => i.HoldAsync("source:x", ttl, CancellationToken.None))));

        Assert.Single(claims, hold => hold == LeaseHold.Acquired);
        Assert.Equal(instances.Count - 1, claims.Count(hold => hold == LeaseHold.Standby));
        var holder = instances[Array.IndexOf(claims, LeaseHold.Acquired)];
        var other = instances.First(i => i != holder);
        Assert.Equal(holder.Holder, await other.HolderOfAsync("source:x", CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(LeaseHold.Renewed, await holder.HoldAsync("source:x", ttl, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(LeaseHold.Standby, await other.HoldAsync("source:x", ttl, CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(LeaseHold.Acquired, await other.HoldAsync("source:x", ttl, CancellationToken.None));
        Assert.Equal(LeaseHold.Standby, await holder.HoldAsync("source:x", ttl, CancellationToken.None));
        Assert.Equal(LeaseHold.Renewed, await other.HoldAsync("source:x", ttl, CancellationToken.None));

        await other.ReleaseAsync("source:x", CancellationToken.None);
        Assert.Null(await holder.HolderOfAsync("source:x", CancellationToken.None));
        Assert.Equal(LeaseHold.Acquired, await holder.HoldAsync("source:x", ttl, CancellationToken.None));
    }
}
