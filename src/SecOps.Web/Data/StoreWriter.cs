using Microsoft.EntityFrameworkCore;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Data;

/// <summary>
/// The one way to change alerts: runs the work in a transaction under the store's write lock, numbers
/// every change in the change feed, commits, then publishes to the live feed before releasing the lock.
/// Numbers are therefore gap-free and become visible in order, and live subscribers see them in order.
/// </summary>
public sealed class StoreWriter(IDbContextFactory<SecOpsDbContext> contexts, LiveFeed feed, TimeProvider time)
{
    // SQLite has a single writer anyway; taking the lock here avoids busy retries and makes the
    // "read head, append, commit, publish" sequence atomic for this process.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async Task<T> WriteAsync<T>(Func<SecOpsDbContext, ChangeSet, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var changes = new ChangeSet();
            var result = await work(db, changes, cancellationToken);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);

            var published = new List<FeedChange>(changes.Count);
            BulkNotice? bulk = null;
            if (changes.Count > 0 || changes.BulkIds.Count > 0)
            {
                var head = await db.ChangeFeed.MaxAsync(c => (long?)c.Seq, cancellationToken) ?? 0;
                var now = time.GetUtcNow();
                foreach (var (kind, alert) in changes.Alerts)
                {
                    var seq = ++head;
                    alert.LastSeq = seq;
                    db.ChangeFeed.Add(new ChangeFeedEntry { Seq = seq, Kind = kind, EntityId = alert.Id, At = now });
                    published.Add(new FeedChange(seq, kind, AlertView.From(alert)));
                }
                if (changes.BulkIds.Count > 0)
                {
                    bulk = AppendBulk(db, changes, head, now);
                }
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(cancellationToken);
                if (bulk is not null)
                {
                    // Each alert's LastSeq is its own entry in the range: one set-based statement, same SQL on every provider.
                    await db.Database.ExecuteSqlAsync($"""
                        UPDATE "Alerts" SET "LastSeq" = (SELECT "Seq" FROM "ChangeFeed" WHERE "EntityId" = "Alerts"."Id" AND "Seq" BETWEEN {bulk.SeqFrom} AND {bulk.SeqTo})
                        WHERE "Id" IN (SELECT "EntityId" FROM "ChangeFeed" WHERE "Seq" BETWEEN {bulk.SeqFrom} AND {bulk.SeqTo})
                        """, cancellationToken);
                }
            }
            // From here on the write must finish as one: a cancelled request cannot leave a committed
            // change unpublished.
            await transaction.CommitAsync(CancellationToken.None);
            feed.Publish(published);
            if (bulk is not null)
            {
                feed.Publish(bulk);
            }
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static BulkNotice AppendBulk(SecOpsDbContext db, ChangeSet changes, long head, DateTimeOffset now)
    {
        var from = head + 1;
        var seq = head;
        db.ChangeFeed.AddRange(changes.BulkIds.Select(id => new ChangeFeedEntry { Seq = ++seq, Kind = changes.BulkKind, EntityId = id, At = now }));
        return new BulkNotice(from, seq, changes.BulkIds.Count, changes.BulkKind.ToString());
    }

    /// <summary>Reads the feed's head once at start-up so live subscribers know where numbering stands.</summary>
    public async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        feed.Initialise(await db.ChangeFeed.MaxAsync(c => (long?)c.Seq, cancellationToken) ?? 0);
    }
}

/// <summary>The changes a unit of work made, in the order they are to be numbered.</summary>
public sealed class ChangeSet
{
    private readonly List<(ChangeKind Kind, Alert Alert)> _alerts = [];

    public int Count => _alerts.Count;

    public IReadOnlyList<(ChangeKind Kind, Alert Alert)> Alerts => _alerts;

    public void Add(ChangeKind kind, Alert alert) => _alerts.Add((kind, alert));

    /// <summary>Alerts changed by a set-based update, announced as one bulk notice; numbered after <see cref="Alerts"/>.</summary>
    public IReadOnlyList<long> BulkIds { get; private set; } = [];

    public ChangeKind BulkKind { get; private set; }

    public void AddBulk(ChangeKind kind, IReadOnlyList<long> alertIds)
    {
        BulkKind = kind;
        BulkIds = [.. BulkIds, .. alertIds];
    }
}
