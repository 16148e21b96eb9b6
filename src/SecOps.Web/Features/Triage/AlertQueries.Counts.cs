using Microsoft.EntityFrameworkCore;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

public sealed partial class AlertQueries
{
    /// <summary>
    /// How many alerts a query matches in each status, counted by the store when the feed was at <see cref="Seq"/> (the
    /// count may already hold a few later changes; the next count settles them).
    /// </summary>
    public sealed record StatusCounts(IReadOnlyDictionary<AlertStatus, int> ByStatus, long Seq)
    {
        public static readonly StatusCounts None = new(new Dictionary<AlertStatus, int>(), long.MaxValue);

        public int Of(AlertStatus status) => ByStatus.GetValueOrDefault(status);

        public int Total => ByStatus.Values.Sum();
    }

    /// <summary>The store's totals per status for a query: the list's total is their sum, each kanban column its own.</summary>
    public async Task<StatusCounts> CountByStatusAsync(Actor actor, AlertQuery query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.count", null, cancellationToken);
        return await ComputeCountsAsync(AlertQueryPeople.ResolveOrThrow(query, actor), cancellationToken);
    }

    /// <summary>
    /// The totals for a live board, from the process-wide snapshot of this query: every board showing it shares one count
    /// per aggregate interval, re-counted when the feed has moved. The caller's permission is checked before it gets any.
    /// </summary>
    public async Task<AggregateWatch<StatusCounts>> WatchCountsAsync(Actor actor, AlertQuery query, Action<StatusCounts> onChanged, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.count", null, cancellationToken);
        query = AlertQueryPeople.ResolveOrThrow(query, actor);
        return aggregates.Watch($"alerts.count:{AlertQueryKey.Of(query)}", ct => ComputeCountsAsync(query, ct), onChanged);
    }

    private async Task<StatusCounts> ComputeCountsAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        var seq = feed.Head;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (query.IsEmpty)
        {
            // The board's default: every queued alert.
            return new StatusCounts(await db.QueuedPerStatusAsync(cancellationToken), seq);
        }
        var rows = await AlertQueryTranslator.Apply(db.Alerts, query, time)
            .GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new StatusCounts(rows.ToDictionary(r => r.Key, r => r.Count), seq);
    }
}
