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
        var rows = await (
            from entry in db.ChangeFeed
            where entry.Seq > afterSeq && entry.Seq <= upToSeq
            orderby entry.Seq
            join alert in db.Alerts on entry.EntityId equals alert.Id
            select new { entry.Seq, entry.Kind, Alert = alert })
            .AsNoTracking().Take(take).ToListAsync(cancellationToken);
        return rows.Select(r => new FeedChange(r.Seq, r.Kind, AlertView.From(r.Alert, r.Seq))).ToList();
    }

    /// <summary>The oldest sequence number still kept, or null when the feed is empty.</summary>
    public async Task<long?> OldestAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ChangeFeed.MinAsync(e => (long?)e.Seq, cancellationToken);
    }
}
