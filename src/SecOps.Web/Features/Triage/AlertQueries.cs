using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>Reads alerts for the board and the read API: newest first, cursor paging, permission checked.</summary>
public sealed partial class AlertQueries(
    IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AlertViewCache views, SharedAggregates aggregates, LiveFeed feed, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>Where alerts without a risk score sort: below every real score (0 to 100), the same in every store.</summary>
    private const double NoRisk = -1;

    public sealed record Page(IReadOnlyList<AlertView> Items, string? NextCursor);

    public async Task<Page> ListAsync(Actor actor, AlertQuery query, int size, string? cursor, CancellationToken cancellationToken, AlertSort sort = AlertSort.Newest)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.list", null, cancellationToken);
        query = AlertQueryPeople.ResolveOrThrow(query, actor);
        size = Math.Clamp(size, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = AlertQueryTranslator.Apply(db.Alerts.AsNoTracking(), query, time);
        var hasCursor = Cursor.TryDecode(cursor, out var after, out var id, out var severity, out var risk);
        // Keyset paging: each order continues strictly after the last row it returned (ties broken by id).
        var ordered = sort switch
        {
            AlertSort.Oldest => (hasCursor ? alerts.Where(a => a.AlertTime > after || (a.AlertTime == after && a.Id > id)) : alerts)
                .OrderBy(a => a.AlertTime).ThenBy(a => a.Id),
            AlertSort.Severity => (hasCursor ? alerts.Where(a => a.Severity < severity || (a.Severity == severity && (a.AlertTime < after || (a.AlertTime == after && a.Id < id)))) : alerts)
                .OrderByDescending(a => a.Severity).ThenByDescending(a => a.AlertTime).ThenByDescending(a => a.Id),
            _ => (hasCursor ? alerts.Where(a => a.AlertTime < after || (a.AlertTime == after && a.Id < id)) : alerts)
                .OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id),
        };
        var rows = sort == AlertSort.Risk
            ? await RiskOrderAsync(alerts, hasCursor ? (risk, after, id) : null, size + 1, cancellationToken)
            : await ordered.Take(size + 1).Select(AlertView.Projection).ToListAsync(cancellationToken);
        var next = rows.Count > size ? Cursor.Encode(rows[size - 1]) : null;
        return new Page(views.Share(rows.Take(size)), next);
    }

    /// <summary>
    /// Highest risk first, then newest: scored alerts by (score, time, id) on their index, then unscored ones by time; two
    /// index-backed reads instead of one sort over a computed value, and NULLs land last in every store.
    /// </summary>
    private static async Task<List<AlertView>> RiskOrderAsync(
        IQueryable<Alert> alerts, (double Risk, DateTimeOffset Time, long Id)? after, int take, CancellationToken cancellationToken)
    {
        var rows = new List<AlertView>(take);
        if (after is not { Risk: < 0 })
        {
            var scored = alerts.Where(a => a.RiskScore != null);
            if (after is var (risk, time, id))
            {
                scored = scored.Where(a => a.RiskScore < risk || (a.RiskScore == risk && (a.AlertTime < time || (a.AlertTime == time && a.Id < id))));
            }
            rows.AddRange(await scored.OrderByDescending(a => a.RiskScore).ThenByDescending(a => a.AlertTime).ThenByDescending(a => a.Id)
                .Take(take).Select(AlertView.Projection).ToListAsync(cancellationToken));
        }
        if (rows.Count < take)
        {
            var unscored = alerts.Where(a => a.RiskScore == null);
            if (after is { Risk: < 0 } and var (_, time, id))
            {
                unscored = unscored.Where(a => a.AlertTime < time || (a.AlertTime == time && a.Id < id));
            }
            rows.AddRange(await unscored.OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id).Take(take - rows.Count).Select(AlertView.Projection).ToListAsync(cancellationToken));
        }
        return rows;
    }

    public async Task<AlertView?> GetAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.get", "alert:" + id, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Alerts.Where(a => a.Id == id).Select(AlertView.Projection).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Everything the drawer shows; the one read that loads the raw document.</summary>
    public async Task<AlertDetail?> GetDetailAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.detail", "alert:" + id, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
        {
            return null;
        }
        var history = await db.AlertTransitions.AsNoTracking().Where(t => t.AlertId == id).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        // What AlertRelation names as the reason: the same fingerprint, rule, host, user or source IP.
        var related = await db.Alerts.AsNoTracking()
            .Where(a => a.Id != id && (a.Fingerprint == alert.Fingerprint || a.RuleName == alert.RuleName
                || (alert.HostName != null && a.HostName == alert.HostName)
                || (alert.UserName != null && a.UserName == alert.UserName)
                || (alert.SourceIp != null && a.SourceIp == alert.SourceIp)))
            .OrderByDescending(a => a.AlertTime).Take(10).Select(AlertView.Projection).ToListAsync(cancellationToken);
        var notes = await db.AlertNotes.AsNoTracking().Where(n => n.AlertId == id).OrderBy(n => n.At).ThenBy(n => n.Id).ToListAsync(cancellationToken);
        var incidentId = alert.IncidentId is { } linked && (!alert.IncidentRestricted || await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == linked, cancellationToken))
            ? alert.IncidentId
            : null;
        return new AlertDetail(AlertView.From(alert), AlertDetail.FormatRaw(alert.RawDocument), history, related, notes) { IncidentId = incidentId };
    }

    /// <summary>Current versions of alerts a board shows, after a bulk change.</summary>
    public async Task<IReadOnlyList<AlertView>> GetManyAsync(Actor actor, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Alerts.Where(a => ids.Contains(a.Id)).Select(AlertView.Projection).ToListAsync(cancellationToken);
        return views.Share(rows);
    }

    /// <summary>How many alerts a query matches, for the bulk confirmation.</summary>
    public async Task<int> CountAsync(Actor actor, AlertQuery query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.count", null, cancellationToken);
        query = AlertQueryPeople.ResolveOrThrow(query, actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AlertQueryTranslator.Apply(db.Alerts, query, time).CountAsync(cancellationToken);
    }
}
