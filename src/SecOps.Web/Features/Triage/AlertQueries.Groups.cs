using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

public sealed partial class AlertQueries
{
    /// <param name="Mix">How many of the group's alerts have each severity (its mix, not only its maximum).</param>
    public sealed record Group(string? Key, int Count, int Open, string HighestSeverity, SeverityCounts Mix = default);

    /// <summary>Alerts per severity.</summary>
    public readonly record struct SeverityCounts(int Low, int Medium, int High, int Critical)
    {
        /// <summary>Low to critical.</summary>
        public IReadOnlyList<int> ToList() => [Low, Medium, High, Critical];
    }

    /// <summary>Counts per rule, host, user or source IP over the alerts matching the query, largest first.</summary>
    public async Task<IReadOnlyList<Group>> GroupAsync(Actor actor, AlertQuery query, AlertGroupBy by, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.group", null, cancellationToken);
        query = AlertQueryPeople.ResolveOrThrow(query, actor);
        return await ComputeGroupsAsync(query, by, cancellationToken);
    }

    /// <summary>
    /// The group counts for a live view, from the process-wide snapshot of this query and grouping: every circuit that
    /// shows the same grouping shares one computation per aggregate interval. The caller's permission is checked here,
    /// before it is given any snapshot; <paramref name="onChanged"/> gets each newer one.
    /// </summary>
    public async Task<AggregateWatch<IReadOnlyList<Group>>> WatchGroupsAsync(
        Actor actor, AlertQuery query, AlertGroupBy by, Action<IReadOnlyList<Group>> onChanged, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.group", null, cancellationToken);
        query = AlertQueryPeople.ResolveOrThrow(query, actor);
        return aggregates.Watch($"alerts.group:{by}:{AlertQueryKey.Of(query)}", ct => ComputeGroupsAsync(query, by, ct), onChanged);
    }

    private async Task<IReadOnlyList<Group>> ComputeGroupsAsync(AlertQuery query, AlertGroupBy by, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await AlertQueryTranslator.Apply(db.Alerts, query, time)
            .GroupBy(GroupKey(by))
            .Select(g => new
            {
                g.Key, Count = g.Count(), Open = g.Count(a => a.Status == AlertStatus.Open), Highest = g.Max(a => a.Severity),
                Low = g.Count(a => a.Severity == Severity.Low), Medium = g.Count(a => a.Severity == Severity.Medium),
                High = g.Count(a => a.Severity == Severity.High), Critical = g.Count(a => a.Severity == Severity.Critical),
            })
            .OrderByDescending(g => g.Count).Take(200)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new Group(r.Key, r.Count, r.Open, AlertVocabulary.ToWire(r.Highest), new SeverityCounts(r.Low, r.Medium, r.High, r.Critical))).ToList();
    }

    public async Task<IReadOnlyList<AlertView>> GroupMembersAsync(Actor actor, AlertQuery query, AlertGroupBy by, string? key, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.group", null, cancellationToken);
        query = AlertQueryPeople.ResolveOrThrow(query, actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = InGroup(AlertQueryTranslator.Apply(db.Alerts.AsNoTracking(), query, time), by, key);
        var rows = await alerts.OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id).Take(20).Select(AlertView.Projection).ToListAsync(cancellationToken);
        return views.Share(rows);
    }

    /// <summary>The alerts of one group: the grouping value equals the key exactly (null: the alerts without one).</summary>
    public static IQueryable<Alert> InGroup(IQueryable<Alert> alerts, AlertGroupBy by, string? key) => by switch
    {
        AlertGroupBy.Host => alerts.Where(a => a.HostName == key),
        AlertGroupBy.User => alerts.Where(a => a.UserName == key),
        AlertGroupBy.SourceIp => alerts.Where(a => a.SourceIp == key),
        _ => alerts.Where(a => a.RuleName == key),
    };

    private static Expression<Func<Alert, string?>> GroupKey(AlertGroupBy by) => by switch
    {
        AlertGroupBy.Host => a => a.HostName,
        AlertGroupBy.User => a => a.UserName,
        AlertGroupBy.SourceIp => a => a.SourceIp,
        _ => a => a.RuleName,
    };
}
