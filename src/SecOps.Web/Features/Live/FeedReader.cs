using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Live;

/// <summary>
/// One page of the change feed for a hub replay: alert changes (<see cref="FeedChange"/>), incident and task changes and deletions
/// (<see cref="IncidentFeedChange"/>, <see cref="TaskFeedChange"/>, <see cref="RemovalFeedChange"/>, to be filtered by need-to-know) in number order, and the number of the last entry
/// read (null when none was: the range was purged).
/// </summary>
public sealed record FeedPage(IReadOnlyList<object> Items, long? LastSeq);

/// <summary>Reads the change feed back for catch-up: each change with the alert's (or incident's) current state.</summary>
public sealed class FeedReader(IDbContextFactory<SecOpsDbContext> contexts)
{
    /// <summary>Alert changes only (live views of alerts); incident changes are left out.</summary>
    public async Task<IReadOnlyList<FeedChange>> ReadAsync(long afterSeq, long upToSeq, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ReadAsync(db, afterSeq, upToSeq, take, cancellationToken);
    }

    /// <summary>As <see cref="ReadAsync(long, long, int, CancellationToken)"/>, on a context the caller holds (inside its transaction).</summary>
    public async Task<IReadOnlyList<FeedChange>> ReadAsync(SecOpsDbContext db, long afterSeq, long upToSeq, int take, CancellationToken cancellationToken)
    {
        var entries = await db.ChangeFeed.AsNoTracking()
            .Where(e => e.Seq > afterSeq && e.Seq <= upToSeq && e.Kind != ChangeKind.IncidentChanged && e.Kind != ChangeKind.TaskChanged
                && e.Kind != ChangeKind.IncidentDeleted && e.Kind != ChangeKind.TaskDeleted)
            .OrderBy(e => e.Seq).Take(take)
            .Select(e => new { e.Seq, e.Kind, e.EntityId })
            .ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            return [];
        }
        var alerts = await AlertsAsync(db, entries.Select(e => e.EntityId), cancellationToken);
        return entries
            .Where(e => alerts.ContainsKey(e.EntityId))
            .Select(e => new FeedChange(e.Seq, e.Kind, alerts[e.EntityId] with { Seq = e.Seq }))
            .ToList();
    }

    /// <summary>Alert, incident and task changes, for a hub replay.</summary>
    public async Task<FeedPage> ReadPageAsync(long afterSeq, long upToSeq, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ReadPageAsync(db, afterSeq, upToSeq, take, cancellationToken);
    }

    /// <summary>The same page read through <paramref name="db"/>, for a caller already inside a unit of work.</summary>
    public static async Task<FeedPage> ReadPageAsync(SecOpsDbContext db, long afterSeq, long upToSeq, int take, CancellationToken cancellationToken)
    {
        var entries = await db.ChangeFeed.AsNoTracking()
            .Where(e => e.Seq > afterSeq && e.Seq <= upToSeq)
            .OrderBy(e => e.Seq).Take(take)
            .Select(e => new { e.Seq, e.Kind, e.EntityId })
            .ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            return new FeedPage([], null);
        }
        var alertEntries = entries.Where(e => e.Kind.IsAlert()).ToList();
        var incidentIds = entries.Where(e => e.Kind == ChangeKind.IncidentChanged).Select(e => e.EntityId).ToList();
        var taskIds = entries.Where(e => e.Kind == ChangeKind.TaskChanged).Select(e => e.EntityId).ToList();
        var alerts = await AlertsAsync(db, alertEntries.Select(e => e.EntityId), cancellationToken);
        var incidents = incidentIds.Count == 0 ? [] : await IncidentViews.ForFeedAsync(db, incidentIds, cancellationToken);
        var tasks = taskIds.Count == 0 ? [] : await TaskFeedChange.LoadAsync(db, taskIds, cancellationToken);
        var removals = await RemovalsAsync(db, entries.Where(e => e.Kind.IsRemoval()).Select(e => (e.Kind, e.EntityId)).ToList(), cancellationToken);
        var items = new List<object>(entries.Count);
        foreach (var e in entries)
        {
            if (e.Kind == ChangeKind.IncidentChanged)
            {
                if (incidents.TryGetValue(e.EntityId, out var incident))
                {
                    items.Add(new IncidentFeedChange(e.Seq, incident.View, incident.Audience));
                }
            }
            else if (e.Kind == ChangeKind.TaskChanged)
            {
                if (tasks.TryGetValue(e.EntityId, out var task))
                {
                    items.Add(new TaskFeedChange(e.Seq, task.Task, task.Audience));
                }
            }
            else if (e.Kind.IsRemoval())
            {
                // Left out once retention removed its tombstone (with the entry itself, so only in a replay racing the purge).
                if (removals.TryGetValue((e.Kind, e.EntityId), out var removal))
                {
                    items.Add(new RemovalFeedChange(e.Seq, e.Kind, e.EntityId, removal.IncidentId, removal.Audience));
                }
            }
            else if (alerts.TryGetValue(e.EntityId, out var alert))
            {
                items.Add(new FeedChange(e.Seq, e.Kind, alert with { Seq = e.Seq }));
            }
        }
        return new FeedPage(items, entries[^1].Seq);
    }

    /// <summary>For each deletion, its incident and that incident's audience (now, or from its tombstone once it is gone).</summary>
    private static async Task<Dictionary<(ChangeKind Kind, long Id), (long IncidentId, Incidents.IncidentAudience Audience)>> RemovalsAsync(SecOpsDbContext db,
        IReadOnlyList<(ChangeKind Kind, long Id)> removals, CancellationToken cancellationToken)
    {
        if (removals.Count == 0)
        {
            return [];
        }
        var taskIncidents = await Tombstones.TaskIncidentsAsync(db, [.. removals.Where(r => r.Kind == ChangeKind.TaskDeleted).Select(r => r.Id)], cancellationToken);
        var incidentOf = removals.Where(r => r.Kind == ChangeKind.IncidentDeleted || taskIncidents.ContainsKey(r.Id))
            .ToDictionary(r => r, r => r.Kind == ChangeKind.IncidentDeleted ? r.Id : taskIncidents[r.Id]);
        var audiences = await Tombstones.AudiencesAsync(db, [.. incidentOf.Values], cancellationToken);
        return incidentOf.Where(r => audiences.ContainsKey(r.Value)).ToDictionary(r => r.Key, r => (r.Value, audiences[r.Value]));
    }

    // The alerts in a second read through the shared projection: only the columns a view shows, never the raw
    // document. A page names each alert once however often it changed.
    private static async Task<Dictionary<long, AlertView>> AlertsAsync(SecOpsDbContext db, IEnumerable<long> entityIds, CancellationToken cancellationToken)
    {
        var ids = entityIds.Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Alerts.Where(a => ids.Contains(a.Id)).Select(AlertView.Projection).ToDictionaryAsync(a => a.Id, cancellationToken);
    }

    /// <summary>The oldest sequence number still kept, or null when the feed is empty.</summary>
    public async Task<long?> OldestAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ChangeFeed.MinAsync(e => (long?)e.Seq, cancellationToken);
    }
}
