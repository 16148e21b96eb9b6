using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Live;

public sealed class ChangeFeedTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>
    /// Eight writers (2,000 alerts in batches, claims between) while a reader and a follower poll the store: on both
    /// stores (test.sh runs the suite on SQLite and on PostgreSQL), no number appears below one already seen.
    /// </summary>
    [Fact]
    public async Task ConcurrentWriters_ProduceGapFreeNumbersThatBecomeVisibleInOrder()
    {
        var published = new ConcurrentQueue<long>();
        using var subscription = _app.Get<LiveFeed>().Subscribe(changes => { foreach (var c in changes) published.Enqueue(c.Seq); });
        var start = _app.Get<LiveFeed>().Head;

        // A reader polling the store must never see a number appear below one it has already seen.
        using var stop = new CancellationTokenSource();
        var orderViolations = 0;
        var reader = Task.Run(async () =>
        {
            var contexts = _app.Get<IDbContextFactory<SecOpsDbContext>>();
            var seen = new HashSet<long>();
            long highest = 0;
            while (!stop.IsCancellationRequested)
            {
                await using var db = await contexts.CreateDbContextAsync();
                var all = await db.ChangeFeed.Select(e => e.Seq).ToListAsync();
                foreach (var seq in all.Where(s => !seen.Contains(s)))
                {
                    if (seq < highest)
                    {
                        Interlocked.Increment(ref orderViolations);
                    }
                    seen.Add(seq);
                }
                highest = all.Count == 0 ? 0 : all.Max();
                // Paces the reader between reads while the writers run; it synchronises nothing.
                await Task.Delay(5);
            }
        });
        // A follower reads as hub replay and catch-up do, only what lies after the last number it has: a number that
        // became visible below that (committed late) would be skipped for good, so it must end up with every number.
        var followed = new List<long>();
        var followerReads = 0;
        var follower = Task.Run(async () =>
        {
            var contexts = _app.Get<IDbContextFactory<SecOpsDbContext>>();
            var last = start;
            while (true)
            {
                var stopping = stop.IsCancellationRequested;
                await using var db = await contexts.CreateDbContextAsync();
                var next = await db.ChangeFeed.Where(e => e.Seq > last).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
                followed.AddRange(next);
                last = next.Count == 0 ? last : next[^1];
                followerReads++;
                if (stopping)
                {
                    break;
                }
                await Task.Delay(5);
            }
        });

        var analyst = new Actor("a1", "Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var client = _app.Client();
            for (var batch = 0; batch < 10; batch++)
            {
                var response = await Documents.PostAsync(client, Enumerable.Range(0, 25).Select(i => Documents.Alert($"w{w}-b{batch}-{i}")).ToArray());
                if (batch % 3 == 0)
                {
                    var page = await _app.Get<AlertQueries>().ListAsync(analyst, AlertQuery.All, 1, null, CancellationToken.None);
                    await _app.Get<AlertTriage>().ClaimAsync(analyst, page.Items[0].Id, CancellationToken.None);
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await reader;
        await follower;

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var seqs = await db.ChangeFeed.Where(e => e.Seq > start).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
        Assert.True(seqs.Count >= 2000, $"8 writers made {seqs.Count} changes");
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => start + i), seqs);
        Assert.Equal(seqs, published.ToList());
        Assert.Equal(0, orderViolations);
        Assert.True(followerReads > 2, $"the follower read {followerReads} times while the writers ran");
        Assert.Equal(seqs, followed);
    }
}
