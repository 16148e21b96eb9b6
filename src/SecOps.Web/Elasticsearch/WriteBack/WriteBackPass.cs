using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Elasticsearch.WriteBack;

/// <summary>
/// One step of write-back, driven by the store's change feed: reads the next page of triage changes after the persisted
/// position, turns them into the current status of each tailed alert whose status SecOps (not Kibana) set last, has
/// <see cref="SourceStatusWriter"/> write them, and only then moves the position past them. A failure leaves the position
/// where it was, so the same page is tried again; documents already written then read as in sync and are not written twice.
/// A bulk change arrives as one notice on the live feed, but the feed keeps one row per alert, so it is read here page by page.
/// </summary>
public sealed class WriteBackPass(
    IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer, SourceStatusWriter statusWriter, IOptions<TailOptions> tailOptions,
    TimeProvider time, ILogger<WriteBackPass> logger)
{
    // Transitions are stamped inside the write lock, after the feed entry before them; the margin covers clock steps.
    private static readonly TimeSpan ReconcileMargin = TimeSpan.FromMinutes(1);

    private WriteBackPosition? _position;

    /// <summary>Drops the cached feed position, so the next pass reads it from the store.</summary>
    public void Forget() => _position = null;

    /// <summary>Handles the next page of the feed; true when nothing after it was left.</summary>
    public async Task<(bool CaughtUp, WriteBackTally Tally)> RunAsync(WriteBackFields fields, CancellationToken cancellationToken)
    {
        var position = _position ??= await WriteBackPosition.LoadAsync(contexts, cancellationToken);
        var tally = new WriteBackTally();
        var pageSize = tailOptions.Value.PageSize;
        var (headSeq, headAt) = await HeadAsync(cancellationToken);
        if (headSeq <= position.Seq)
        {
            return (true, tally);
        }
        if (position.Stored && await OldestAsync(cancellationToken) is { } oldest && oldest > position.Seq + 1)
        {
            // The feed's retention purged changes that were never written (write-back was off, or the source down, that long).
            logger.LogWarning("The change feed no longer holds the entries after {Seq}; writing back every status SecOps changed since {Since}",
                position.Seq, position.At - ReconcileMargin);
            await ReconcileAsync(fields, position.At - ReconcileMargin, tally, cancellationToken);
            _position = await new WriteBackPosition(headSeq, headAt, true).SaveAsync(writer, time.GetUtcNow(), cancellationToken);
            return (false, tally);
        }
        List<ChangeFeedEntry> entries;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            entries = await db.ChangeFeed.AsNoTracking()
                .Where(e => e.Seq > position.Seq && e.Seq <= headSeq && e.Kind == ChangeKind.AlertTriaged)
                .OrderBy(e => e.Seq).Take(pageSize).ToListAsync(cancellationToken);
        }
        var alertIds = entries.Select(e => e.EntityId).Distinct().ToList();
        if (alertIds.Count > 0)
        {
            tally.Add(await statusWriter.WriteAsync(fields, await PendingAsync(alertIds, cancellationToken), cancellationToken));
        }
        var caughtUp = entries.Count < pageSize;
        var next = caughtUp ? new WriteBackPosition(headSeq, headAt, true) : new WriteBackPosition(entries[^1].Seq, entries[^1].At, true);
        _position = await next.SaveAsync(writer, time.GetUtcNow(), cancellationToken);
        return (caughtUp, tally);
    }

    /// <summary>
    /// The current status of each of these alerts that came from the Elasticsearch tail and whose last status change was
    /// made in SecOps. An alert whose last status change came from Kibana already has that status at the source.
    /// </summary>
    public async Task<IReadOnlyList<PendingStatus>> PendingAsync(IReadOnlyList<long> alertIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = await db.Alerts.AsNoTracking().Where(a => alertIds.Contains(a.Id) && a.Source == AlertTail.IngestSource)
            .Select(a => new { a.Id, a.DocumentId, a.Status }).ToListAsync(cancellationToken);
        if (alerts.Count == 0)
        {
            return [];
        }
        var tailed = alerts.Select(a => a.Id).ToList();
        var transitions = await db.AlertTransitions.AsNoTracking().Where(t => tailed.Contains(t.AlertId) && t.FromStatus != t.ToStatus)
            .Select(t => new { t.AlertId, t.Id, t.At, t.ActorId }).ToListAsync(cancellationToken);
        var latest = transitions.GroupBy(t => t.AlertId).ToDictionary(g => g.Key, g => g.MaxBy(t => t.Id)!);
        return [.. alerts
            .Where(a => latest.TryGetValue(a.Id, out var last) && last.ActorId != KibanaStatusSync.ActorId)
            .Select(a => new PendingStatus(a.Id, a.DocumentId, a.Status, latest[a.Id].At))];
    }

    /// <summary>Writes back every tailed alert whose status SecOps changed since <paramref name="since"/>, found from the history.</summary>
    private async Task ReconcileAsync(WriteBackFields fields, DateTimeOffset since, WriteBackTally tally, CancellationToken cancellationToken)
    {
        var pageSize = tailOptions.Value.PageSize;
        long after = 0;
        while (true)
        {
            List<long> alertIds;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                alertIds = await db.AlertTransitions.AsNoTracking()
                    .Where(t => t.At >= since && t.AlertId > after && t.ActorId != KibanaStatusSync.ActorId && t.FromStatus != t.ToStatus)
                    .Select(t => t.AlertId).Distinct().OrderBy(id => id).Take(pageSize).ToListAsync(cancellationToken);
            }
            if (alertIds.Count == 0)
            {
                return;
            }
            tally.Add(await statusWriter.WriteAsync(fields, await PendingAsync(alertIds, cancellationToken), cancellationToken));
            after = alertIds[^1];
        }
    }

    private async Task<(long Seq, DateTimeOffset At)> HeadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await db.ChangeFeed.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.At }).FirstOrDefaultAsync(cancellationToken);
        return head is null ? (0, time.GetUtcNow()) : (head.Seq, head.At);
    }

    private async Task<long?> OldestAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ChangeFeed.MinAsync(e => (long?)e.Seq, cancellationToken);
    }
}
