using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Overview;

/// <summary>Counts for the overview: the open queue by status and the alert volume per hour and severity.</summary>
public sealed class OverviewQueries(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, SharedAggregates aggregates, TimeProvider time)
{
    public sealed record HourBucket(DateTimeOffset Hour, Severity Severity, int Count);

    private sealed record VolumeRow(long Hour, int Severity, int Count);

    public sealed record Snapshot(int Open, int Acknowledged, int InProgress, int OpenCritical, int Suppressed, IReadOnlyList<HourBucket> Volume, DateTimeOffset From, DateTimeOffset To);

    public async Task<Snapshot> LoadAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "overview.read", null, cancellationToken);
        return await ComputeAsync(cancellationToken);
    }

    /// <summary>
    /// The overview for a live page, from the one process-wide snapshot every open overview shares (recomputed at most
    /// once per aggregate interval while alerts change). The caller's permission is checked before it gets any snapshot;
    /// <paramref name="onChanged"/> gets each newer one.
    /// </summary>
    public async Task<AggregateWatch<Snapshot>> WatchAsync(Actor actor, Action<Snapshot> onChanged, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "overview.read", null, cancellationToken);
        return aggregates.Watch("overview", ComputeAsync, onChanged);
    }

    private async Task<Snapshot> ComputeAsync(CancellationToken cancellationToken)
    {
        var to = time.GetUtcNow();
        var from = new DateTimeOffset(to.UtcTicks - (to.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(-23);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var byStatus = await db.QueuedPerStatusAsync(cancellationToken);
        var openCritical = await db.Alerts.CountAsync(a => a.Status != AlertStatus.Closed && a.Severity == Severity.Critical && a.SuppressedBy == null, cancellationToken);
        var suppressed = await db.Alerts.CountAsync(a => a.SuppressedBy != null, cancellationToken);
        // Times are stored as UTC ticks, so the hour is integer division in the database (the same SQL on
        // SQLite and PostgreSQL); values are parameters.
        var fromTicks = from.UtcTicks;
        var volume = await db.Database.SqlQuery<VolumeRow>($"""
            SELECT "AlertTime" / {TimeSpan.TicksPerHour} AS "Hour", "Severity", COUNT(*) AS "Count"
            FROM "Alerts" WHERE "AlertTime" >= {fromTicks}
            GROUP BY 1, 2
            """).ToListAsync(cancellationToken);
        int Count(AlertStatus status) => byStatus.GetValueOrDefault(status);
        return new Snapshot(
            Count(AlertStatus.Open), Count(AlertStatus.Acknowledged), Count(AlertStatus.InProgress), openCritical, suppressed,
            volume.Select(v => new HourBucket(new DateTimeOffset(v.Hour * TimeSpan.TicksPerHour, TimeSpan.Zero), (Severity)v.Severity, v.Count)).ToList(),
            from, to);
    }
}
