using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecOps.Tests.Support;
using SecOps.Web.Features.Live;

namespace SecOps.Tests.Features.Live;

public sealed class SharedAggregatesTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly LiveFeed _feed = new();
    private readonly SharedAggregates _aggregates;
    private long _seq;
    private int _computed;

    public SharedAggregatesTests() =>
        _aggregates = new SharedAggregates(_feed, Options.Create(new LiveOptions { AggregateInterval = Interval }), _time, NullLogger<SharedAggregates>.Instance);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _aggregates.DisposeAsync();

    /// <summary>The "query" under test: counts its own runs and answers with the run number.</summary>
    private Task<int> CountedQuery(CancellationToken cancellationToken) => Task.FromResult(Interlocked.Increment(ref _computed));

    private void PublishChanges(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var seq = ++_seq;
            _feed.Publish([new FeedChange(seq, ChangeKind.AlertCreated, Alerts.View(seq))]);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, "timed out waiting for " + what);
            await Task.Yield();
            await Task.Delay(5, CancellationToken.None);
        }
    }

    [Fact]
    public async Task TwentyWatchersOfOneQuery_ShareOneComputationPerInterval_HoweverManyChangesArrive()
    {
        var received = new int[20][];
        var watches = Enumerable.Range(0, 20).Select(i =>
        {
            var seen = received[i] = new int[1];
            return _aggregates.Watch("groups:rule:*", CountedQuery, _ => Interlocked.Increment(ref seen[0]));
        }).ToList();
        var firsts = await Task.WhenAll(watches.Select(w => w.FirstAsync()));
        Assert.All(firsts, f => Assert.Equal(1, f));
        Assert.Equal(1, _computed);

        // The first change after a quiet spell is computed at once, for all twenty.
        PublishChanges(100);
        await WaitForAsync(() => received.All(r => Volatile.Read(ref r[0]) == 1), "every watcher's second snapshot");
        Assert.Equal(2, _computed);

        // 100 more changes within the interval: nothing runs until the interval has passed (the clock is fake and stands still).
        PublishChanges(100);
        Assert.Equal(2, _computed);
        _time.Advance(Interval);
        await WaitForAsync(() => received.All(r => Volatile.Read(ref r[0]) == 2), "every watcher's third snapshot");
        Assert.Equal(3, _computed);
        Assert.Equal(3, _aggregates.Computations);
        Assert.Equal(1, _aggregates.Watched);
        watches.ForEach(w => w.Dispose());
    }

    [Fact]
    public async Task AnAggregateNobodyWatchesAnyMore_IsDropped_AndTheNextWatcherComputesItAfresh()
    {
        var first = _aggregates.Watch("overview", CountedQuery, _ => { });
        var second = _aggregates.Watch("overview", CountedQuery, _ => { });
        Assert.Equal(1, await second.FirstAsync());

        first.Dispose();
        Assert.Equal(1, _aggregates.Watched);
        second.Dispose();
        second.Dispose();
        Assert.Equal(0, _aggregates.Watched);

        using var later = _aggregates.Watch("overview", CountedQuery, _ => { });
        Assert.Equal(2, await later.FirstAsync());
    }

    [Fact]
    public async Task DifferentQueries_AreComputedSeparately_EachOncePerRound()
    {
        using var rules = _aggregates.Watch("groups:rule:*", CountedQuery, _ => { });
        using var hosts = _aggregates.Watch("groups:host:*", CountedQuery, _ => { });
        var answers = new[] { await rules.FirstAsync(), await hosts.FirstAsync() };
        Assert.Equal([1, 2], answers.Order());

        PublishChanges(1);
        await WaitForAsync(() => Volatile.Read(ref _computed) == 4, "both recomputed once");
        Assert.Equal(4, _aggregates.Computations);
    }

    [Fact]
    public async Task AFailingComputation_KeepsTheLastSnapshot_AndAThrowingWatcherDoesNotStopTheOthers()
    {
        var fail = 0;
        var failed = 0;
        var seen = new List<int>();
        Task<int> Query(CancellationToken ct)
        {
            if (Volatile.Read(ref fail) == 1)
            {
                Volatile.Write(ref failed, 1);
                throw new InvalidOperationException("store down");
            }
            return CountedQuery(ct);
        }
        using var throwing = _aggregates.Watch("q", Query, _ => throw new InvalidOperationException("watcher bug"));
        using var watcher = _aggregates.Watch("q", Query, v => { lock (seen) { seen.Add(v); } });
        Assert.Equal(1, await watcher.FirstAsync());

        PublishChanges(1);
        await WaitForAsync(() => { lock (seen) { return seen.Count == 1; } }, "the second snapshot despite the throwing watcher");
        Volatile.Write(ref fail, 1);
        _time.Advance(Interval);
        PublishChanges(1);
        await WaitForAsync(() => Volatile.Read(ref failed) == 1, "the failed run");
        Volatile.Write(ref fail, 0);
        _time.Advance(Interval);
        PublishChanges(1);

        await WaitForAsync(() => { lock (seen) { return seen.Count == 2; } }, "a snapshot after the failure");
        Assert.Equal([2, 3], seen);
    }
}
