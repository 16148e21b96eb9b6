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
            var head = await db.ChangeFeed.MaxAsync(c => (long?)c.Seq, cancellationToken) ?? 0;
            var changes = new ChangeSet(head, time.GetUtcNow());
            var result = await work(db, changes, cancellationToken);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            await ChangeFeedRows.InsertAsync(db, changes, cancellationToken);
            if (changes.Bulk is { } bulk)
            {
                // Each alert's LastSeq is its own entry in the range: one set-based statement, same SQL on every provider.
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE "Alerts" SET "LastSeq" = (SELECT "Seq" FROM "ChangeFeed" WHERE "EntityId" = "Alerts"."Id" AND "Seq" BETWEEN {bulk.SeqFrom} AND {bulk.SeqTo})
                    WHERE "Id" IN (SELECT "EntityId" FROM "ChangeFeed" WHERE "Seq" BETWEEN {bulk.SeqFrom} AND {bulk.SeqTo})
                    """, cancellationToken);
            }
            // From here on the write must finish as one: a cancelled request cannot leave a committed
            // change unpublished.
            await transaction.CommitAsync(CancellationToken.None);
            feed.Publish(changes.Alerts.Select(c => new FeedChange(c.Seq, c.Kind, AlertView.From(c.Alert))).ToList());
            if (changes.Bulk is { } notice)
            {
                feed.Publish(notice);
            }
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Reads the feed's head once at start-up so live subscribers know where numbering stands.</summary>
    public async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        feed.Initialise(await db.ChangeFeed.MaxAsync(c => (long?)c.Seq, cancellationToken) ?? 0);
    }
}

/// <summary>
/// The changes a unit of work makes, numbered as they are recorded. A change's number is known at once
/// (so a row can be written with its LastSeq); its feed row is written after the work, when ids are known.
/// </summary>
public sealed class ChangeSet(long head, DateTimeOffset now)
{
    private readonly List<(long Seq, ChangeKind Kind, Alert Alert)> _alerts = [];
    private readonly List<long> _bulkIds = [];
    private long _head = head;

    public DateTimeOffset Now { get; } = now;

    public IReadOnlyList<(long Seq, ChangeKind Kind, Alert Alert)> Alerts => _alerts;

    /// <summary>Alerts changed by a set-based update, announced as one <see cref="BulkNotice"/>.</summary>
    public IReadOnlyList<long> BulkIds => _bulkIds;

    public BulkNotice? Bulk { get; private set; }

    public int Count => _alerts.Count;

    /// <summary>Numbers a change of one alert and stamps the alert with it.</summary>
    public long Add(ChangeKind kind, Alert alert)
    {
        var seq = ++_head;
        alert.LastSeq = seq;
        _alerts.Add((seq, kind, alert));
        return seq;
    }

    /// <summary>Numbers a change of many alerts as one contiguous range.</summary>
    public void AddBulk(ChangeKind kind, IReadOnlyList<long> alertIds)
    {
        if (alertIds.Count == 0)
        {
            return;
        }
        var from = _head + 1;
        _bulkIds.AddRange(alertIds);
        _head += alertIds.Count;
        Bulk = new BulkNotice(from, _head, alertIds.Count, kind.ToString());
    }
}
