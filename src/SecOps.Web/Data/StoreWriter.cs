using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Operations;

namespace SecOps.Web.Data;

/// <summary>
/// The one way to change alerts and the state that decides what alerts become: runs the work in a transaction under
/// the store's write lock, numbers every alert change in the change feed, commits, swaps in the snapshots the work
/// replaced, then publishes to the live feed before releasing the lock. Numbers are therefore gap-free and become
/// visible in order, live subscribers see them in order, and a unit of work always sees every earlier commit.
/// With several instances on one store, what the others committed reaches this instance's live feed through here too
/// (<see cref="CatchUpAsync"/>, and before each write numbers anything), read back from the store under the same lock,
/// so the live feed stays in number order whichever instance made a change.
/// </summary>
/// <remarks>
/// Goes through here: triage (single and bulk), ingest (API, <c>_bulk</c>, demo stream, tails), Kibana status sync,
/// incidents (creation, escalation and merges number each linked alert; edits and notes are ordered with the rest),
/// suppression rules (they decide whether a new alert is suppressed, so they are ordered with ingest), tail checkpoints
/// and the write-back position (so a position is never ahead of the feed it points into), and the retention purge
/// (<see cref="Features.Retention.RetentionPurge"/>: it deletes alerts, numbered as a bulk <c>AlertPurged</c> range so open
/// boards and hub clients reload and drop them; it unlinks the alerts of the incidents it deletes, numbered as a bulk update;
/// and it deletes audit events, which ingest deduplicates under this lock).
/// Writes elsewhere on purpose, because they change no alert and nothing ingest reads under this lock:
/// the audit trail (its own serialised, chained append, also written for refused actions that never reach here),
/// leases (<see cref="StoreLeases"/>: one conditional statement each, and must be renewable while a long write holds the lock),
/// the feed's retention purge (deletes only old rows below the head, which numbering never reads),
/// saved board views, API keys and accounts (per-user settings and identity, not alert state).
/// </remarks>
public sealed class StoreWriter(
    IDbContextFactory<SecOpsDbContext> contexts,
    LiveFeed feed,
    IOptions<LiveOptions> liveOptions,
    TimeProvider time,
    SecOpsMetrics metrics,
    ILogger<StoreWriter> logger)
{
    // SQLite has a single writer anyway; taking the lock here avoids busy retries and makes the
    // "read head, append, commit, publish" sequence atomic for this process (PostgreSQL adds a lock across instances).
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Subscribers<long> _committed = new(logger);

    /// <summary>
    /// Called with the feed's new head after each commit of this instance that numbered changes (not for changes read
    /// back from other instances), after they are published live; for telling other instances. Must return quickly.
    /// </summary>
    public IDisposable OnCommitted(Action<long> onHead) => _committed.Add(onHead);

    public async Task<T> WriteAsync<T>(Func<SecOpsDbContext, ChangeSet, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // On PostgreSQL several instances write one store: numbers stay gap-free and commit in number order across them
            // (a reader never sees a lower number appear later).
            await db.TakeAcrossInstancesAsync(StoreLocks.ChangeFeed, cancellationToken);
            var head = await db.ChangeFeed.MaxAsync(c => (long?)c.Seq, cancellationToken) ?? 0;
            // Another instance committed since this one last published: its changes go live here before any new number.
            await PublishCommittedElsewhereAsync(db, head, cancellationToken);
            var changes = new ChangeSet(head, time.GetUtcNow());
            var result = await work(db, changes, cancellationToken);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            await ChangeFeedRows.InsertAsync(db, changes, cancellationToken);
            if (changes.Bulks.Count > 0)
            {
                // A bulk of 100,000 alerts updates 100,000 rows in the statement below: the default 30 s leaves too
                // little room on a loaded machine.
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            }
            foreach (var range in changes.Bulks)
            {
                // Each alert's LastSeq is its newest entry in this unit of work (an alert may be in several ranges, or
                // changed singly too): one set-based statement per range, same SQL on every provider. The newest entries
                // are grouped once and joined, not looked up per alert: the feed has no index by entity, and a per-row
                // subquery turned quadratic on PostgreSQL when the planner had no statistics for the new rows.
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE "Alerts" SET "LastSeq" = newest."Seq"
                    FROM (SELECT "EntityId", MAX("Seq") AS "Seq" FROM "ChangeFeed"
                          WHERE "Kind" NOT IN ({(int)ChangeKind.IncidentChanged}, {(int)ChangeKind.TaskChanged}, {(int)ChangeKind.IncidentDeleted}, {(int)ChangeKind.TaskDeleted}) AND "Seq" > {changes.StartHead} AND "Seq" <= {changes.Head}
                            AND "EntityId" IN (SELECT "EntityId" FROM "ChangeFeed" WHERE "Seq" BETWEEN {range.Notice.SeqFrom} AND {range.Notice.SeqTo})
                          GROUP BY "EntityId") AS newest
                    WHERE "Alerts"."Id" = newest."EntityId"
                    """, cancellationToken);
            }
            // Incidents as they are after this work, with who may see them (hub delivery filters by it).
            var incidents = changes.Incidents.Count == 0 ? [] : await IncidentViews.ForFeedAsync(db, [.. changes.Incidents.Select(i => i.IncidentId)], cancellationToken);
            var tasks = changes.Tasks.Count == 0 ? [] : await TaskFeedChange.LoadAsync(db, [.. changes.Tasks.Select(t => t.TaskId)], cancellationToken);
            // Deleted incidents and tasks: who may hear of it, from the incident or, once it is gone, its tombstone.
            var removed = changes.Removals.Count == 0 ? [] : await Tombstones.AudiencesAsync(db, [.. changes.Removals.Select(r => r.IncidentId)], cancellationToken);
            // From here on the write must finish as one: a cancelled request cannot leave a committed
            // change unpublished, and nothing after the commit may make it look failed.
            await transaction.CommitAsync(CancellationToken.None);
            AfterCommit(changes, incidents, tasks, removed);
            metrics.StoreWrite(time.GetElapsedTime(started));
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Publishes to this instance's live feed, in number order with its own changes, whatever other instances sharing the
    /// store committed since it last published. Called when another instance announces a commit, and now and then
    /// anyway, since announcements may be lost. Returns the feed's head in the store.
    /// </summary>
    public async Task<long> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Commits are serialised by number across instances and visible before the next one starts, so what is
            // visible is always every number up to the head.
            var head = await db.ChangeFeed.MaxAsync(c => (long?)c.Seq, cancellationToken) ?? 0;
            await PublishCommittedElsewhereAsync(db, head, cancellationToken);
            return head;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Publishes the changes after the live feed's head up to <paramref name="head"/>, read from the store (the state of
    /// each alert now, as a hub replay reads it). More than a replay page goes out as one bulk notice, as a local bulk
    /// change does: receivers reload instead of taking thousands of single changes. The caller holds the write lock.
    /// </summary>
    private async Task PublishCommittedElsewhereAsync(SecOpsDbContext db, long head, CancellationToken cancellationToken)
    {
        var after = feed.Head;
        if (head <= after)
        {
            return;
        }
        var count = head - after;
        if (count > liveOptions.Value.ReplayPageSize)
        {
            var kinds = await db.ChangeFeed.Where(e => e.Seq > after && e.Seq <= head).Select(e => e.Kind).Distinct().Take(2).ToListAsync(cancellationToken);
            feed.Publish(new BulkNotice(after + 1, head, (int)count, (kinds.Count == 1 ? kinds[0] : ChangeKind.AlertUpdated).ToString()));
            return;
        }
        var page = await FeedReader.ReadPageAsync(db, after, head, (int)count, cancellationToken);
        PublishInOrder(page.Items);
    }

    /// <summary>Reads the feed's head once at start-up so live subscribers know where numbering stands.</summary>
    public async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        feed.Initialise(await db.ChangeFeed.MaxAsync(c => (long?)c.Seq, cancellationToken) ?? 0);
    }

    private void AfterCommit(ChangeSet changes, Dictionary<long, (IncidentView View, IncidentAudience Audience)> incidents,
        Dictionary<long, (Features.Playbooks.TaskDocument Task, IncidentAudience Audience)> tasks, Dictionary<long, IncidentAudience> removed)
    {
        try
        {
            changes.Committed();
            metrics.AlertsStored(changes.Alerts.Count(c => c.Kind == ChangeKind.AlertCreated));
            Publish(changes, incidents, tasks, removed);
            if (!changes.IsEmpty)
            {
                _committed.Send(changes.Head);
            }
        }
        catch (Exception e)
        {
            // The change is committed and numbered: the caller must not see a failure. The feed isolates subscribers, so
            // this is only reached by a fault in building the views; clients catch up from the store with Resume.
            logger.LogError(e, "Committed changes up to {Seq} could not all be published live", changes.Head);
        }
    }

    /// <summary>This unit of work's changes, in number order: single alert changes, each bulk range's notice, each incident and task change and deletion.</summary>
    private void Publish(ChangeSet changes, Dictionary<long, (IncidentView View, IncidentAudience Audience)> incidents,
        Dictionary<long, (Features.Playbooks.TaskDocument Task, IncidentAudience Audience)> tasks, Dictionary<long, IncidentAudience> removed) =>
        PublishInOrder(changes.Alerts.Select(c => (Seq: c.Seq, Item: (object)new FeedChange(c.Seq, c.Kind, AlertView.From(c.Alert))))
            .Concat(changes.Bulks.Select(b => (Seq: b.Notice.SeqFrom, Item: (object)b.Notice)))
            .Concat(changes.Incidents.Where(i => incidents.ContainsKey(i.IncidentId))
                .Select(i => (i.Seq, Item: (object)new IncidentFeedChange(i.Seq, incidents[i.IncidentId].View, incidents[i.IncidentId].Audience))))
            .Concat(changes.Tasks.Where(t => tasks.ContainsKey(t.TaskId))
                .Select(t => (t.Seq, Item: (object)new TaskFeedChange(t.Seq, tasks[t.TaskId].Task, tasks[t.TaskId].Audience))))
            .Concat(changes.Removals.Where(r => removed.ContainsKey(r.IncidentId))
                .Select(r => (r.Seq, Item: (object)new RemovalFeedChange(r.Seq, r.Kind, r.EntityId, r.IncidentId, removed[r.IncidentId]))))
            .OrderBy(o => o.Seq).Select(o => o.Item));

    /// <summary>
    /// Publishes items already in number order: consecutive alert changes as one frame, a bulk notice, an incident
    /// or a task change or a deletion alone, so receivers see them in the order they were numbered (local commits and other instances' alike).
    /// </summary>
    private void PublishInOrder(IEnumerable<object> items)
    {
        var frame = new List<FeedChange>();
        foreach (var item in items)
        {
            switch (item)
            {
                case FeedChange change:
                    frame.Add(change);
                    break;
                case BulkNotice notice:
                    Flush(frame);
                    feed.Publish(notice);
                    break;
                case IncidentFeedChange incident:
                    Flush(frame);
                    feed.Publish(incident);
                    break;
                case TaskFeedChange task:
                    Flush(frame);
                    feed.Publish(task);
                    break;
                case RemovalFeedChange removal:
                    Flush(frame);
                    feed.Publish(removal);
                    break;
            }
        }
        Flush(frame);
    }

    private void Flush(List<FeedChange> frame)
    {
        if (frame.Count > 0)
        {
            feed.Publish([.. frame]);
            frame.Clear();
        }
    }
}
