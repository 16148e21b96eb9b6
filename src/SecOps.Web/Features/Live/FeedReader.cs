using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Live;

/// <summary>Reads the change feed back for catch-up: each change with the alert's current state.</summary>
public sealed class FeedReader(IDbContextFactory<SecOpsDbContext> contexts)
{
    public async Task<IReadOnlyList<FeedChange>> ReadAsync(long afterSeq, long upToSeq, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ReadAsync(db, afterSeq, upToSeq, take, cancellationToken);
    }

    /// <summary>As <see cref="ReadAsync(long, long, int, CancellationToken)"/>, on a context the caller holds (inside its transaction).</summary>
    public async Task<IReadOnlyList<FeedChange>> ReadAsync(SecOpsDbContext db, long afterSeq, long upToSeq, int take, CancellationToken cancellationToken)
    {
        var entries = await db.ChangeFeed.AsNoTracking()
            .Where(e => e.Seq > afterSeq && e.Seq <= upToSeq)
            .OrderBy(e => e.Seq).Take(take)
            .Select(e => new { e.Seq, e.Kind, e.EntityId })
            .ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            return [];
        }
        // The alerts in a second read through the shared projection: only the columns a view shows, never the raw
        // document. A page names each alert once however often it changed.
        var ids = entries.Select(e => e.EntityId).Distinct().ToList();
        var alerts = await db.Alerts.Where(a => ids.Contains(a.Id)).Select(AlertView.Projection).ToDictionaryAsync(a => a.Id, cancellationToken);
        return entries
            .Where(e => alerts.ContainsKey(e.EntityId))
            .Select(e => new FeedChange(e.Seq, e.Kind, alerts[e.EntityId] with { Seq = e.Seq }))
            .ToList();
    }

    /// <summary>The oldest sequence number still kept, or null when the feed is empty.</summary>
    public async Task<long?> OldestAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ChangeFeed.MinAsync(e => (long?)e.Seq, cancellationToken);
    }
}
