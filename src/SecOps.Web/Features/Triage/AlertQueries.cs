using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>Reads alerts for the board and the read API: newest first, cursor paging, permission checked.</summary>
public sealed class AlertQueries(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AlertViewCache views, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>Where alerts without a risk score sort: below every real score (0 to 100), the same in every store.</summary>
    private const double NoRisk = -1;

    public sealed record Page(IReadOnlyList<AlertView> Items, string? NextCursor);

    public async Task<Page> ListAsync(Actor actor, AlertQuery query, int size, string? cursor, CancellationToken cancellationToken, AlertSort sort = AlertSort.Newest)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.list", null, cancellationToken);
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
            : await ordered.Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? Cursor.Encode(rows[size - 1]) : null;
        return new Page(views.Share(rows.Take(size).Select(a => AlertView.From(a))), next);
    }

    /// <summary>
    /// Highest risk first, then newest: scored alerts by (score, time, id) on their index, then unscored ones by time; two
    /// index-backed reads instead of one sort over a computed value, and NULLs land last in every store.
    /// </summary>
    private static async Task<List<Alert>> RiskOrderAsync(
        IQueryable<Alert> alerts, (double Risk, DateTimeOffset Time, long Id)? after, int take, CancellationToken cancellationToken)
    {
        var rows = new List<Alert>(take);
        if (after is not { Risk: < 0 })
        {
            var scored = alerts.Where(a => a.RiskScore != null);
            if (after is var (risk, time, id))
            {
                scored = scored.Where(a => a.RiskScore < risk || (a.RiskScore == risk && (a.AlertTime < time || (a.AlertTime == time && a.Id < id))));
            }
            rows.AddRange(await scored.OrderByDescending(a => a.RiskScore).ThenByDescending(a => a.AlertTime).ThenByDescending(a => a.Id)
                .Take(take).ToListAsync(cancellationToken));
        }
        if (rows.Count < take)
        {
            var unscored = alerts.Where(a => a.RiskScore == null);
            if (after is { Risk: < 0 } and var (_, time, id))
            {
                unscored = unscored.Where(a => a.AlertTime < time || (a.AlertTime == time && a.Id < id));
            }
            rows.AddRange(await unscored.OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id).Take(take - rows.Count).ToListAsync(cancellationToken));
        }
        return rows;
    }

    public async Task<AlertView?> GetAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.get", "alert:" + id, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return alert is null ? null : AlertView.From(alert);
    }

    /// <summary>An opaque position in the newest-first order: the last row's time and id.</summary>
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
        var related = await db.Alerts.AsNoTracking()
            .Where(a => a.Id != id && ((alert.HostName != null && a.HostName == alert.HostName) || a.RuleName == alert.RuleName))
            .OrderByDescending(a => a.AlertTime).Take(10).ToListAsync(cancellationToken);
        return new AlertDetail(AlertView.From(alert), AlertDetail.FormatRaw(alert.RawDocument), history, related.Select(a => AlertView.From(a)).ToList());
    }

    /// <summary>Current versions of alerts a board shows, after a bulk change.</summary>
    public async Task<IReadOnlyList<AlertView>> GetManyAsync(Actor actor, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        return views.Share(rows.Select(a => AlertView.From(a)));
    }

    /// <summary>How many alerts a query matches, for the bulk confirmation.</summary>
    public async Task<int> CountAsync(Actor actor, AlertQuery query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.count", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AlertQueryTranslator.Apply(db.Alerts, query, time).CountAsync(cancellationToken);
    }

    public sealed record Group(string? Key, int Count, int Open, string HighestSeverity);

    /// <summary>Counts per rule, host, user or source IP over the alerts matching the query, largest first.</summary>
    public async Task<IReadOnlyList<Group>> GroupAsync(Actor actor, AlertQuery query, AlertGroupBy by, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.group", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await AlertQueryTranslator.Apply(db.Alerts, query, time)
            .GroupBy(GroupKey(by))
            .Select(g => new { g.Key, Count = g.Count(), Open = g.Count(a => a.Status == AlertStatus.Open), Highest = g.Max(a => a.Severity) })
            .OrderByDescending(g => g.Count).Take(200)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new Group(r.Key, r.Count, r.Open, AlertVocabulary.ToWire(r.Highest))).ToList();
    }

    public async Task<IReadOnlyList<AlertView>> GroupMembersAsync(Actor actor, AlertQuery query, AlertGroupBy by, string? key, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.group", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = AlertQueryTranslator.Apply(db.Alerts.AsNoTracking(), query, time);
        alerts = by switch
        {
            AlertGroupBy.Host => alerts.Where(a => a.HostName == key),
            AlertGroupBy.User => alerts.Where(a => a.UserName == key),
            AlertGroupBy.SourceIp => alerts.Where(a => a.SourceIp == key),
            _ => alerts.Where(a => a.RuleName == key),
        };
        var rows = await alerts.OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id).Take(20).ToListAsync(cancellationToken);
        return views.Share(rows.Select(a => AlertView.From(a)));
    }

    private static System.Linq.Expressions.Expression<Func<Alert, string?>> GroupKey(AlertGroupBy by) => by switch
    {
        AlertGroupBy.Host => a => a.HostName,
        AlertGroupBy.User => a => a.UserName,
        AlertGroupBy.SourceIp => a => a.SourceIp,
        _ => a => a.RuleName,
    };

    internal static class Cursor
    {
        /// <summary>The last row's time, id, severity and risk (as the bits of the double): enough to continue any of the orders.</summary>
        public static string Encode(Alert last) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"{last.AlertTime.UtcTicks}.{last.Id}.{(int)last.Severity}.{BitConverter.DoubleToInt64Bits(last.RiskScore ?? NoRisk)}")))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryDecode(string? cursor, out DateTimeOffset time, out long id) => TryDecode(cursor, out time, out id, out _, out _);

        public static bool TryDecode(string? cursor, out DateTimeOffset time, out long id, out Severity severity, out double risk)
        {
            time = default;
            id = 0;
            severity = Severity.Low;
            risk = NoRisk;
            if (string.IsNullOrEmpty(cursor) || cursor.Length > 100)
            {
                return false;
            }
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var bytes = new byte[base64.Length];
            if (!Convert.TryFromBase64String(base64, bytes, out var written))
            {
                return false;
            }
            var parts = Encoding.UTF8.GetString(bytes, 0, written).Split('.');
            if (parts.Length >= 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var level) && Enum.IsDefined((Severity)level))
            {
                severity = (Severity)level;
            }
            if (parts.Length == 4)
            {
                if (!long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bits)
                    || !double.IsFinite(BitConverter.Int64BitsToDouble(bits)))
                {
                    return false;
                }
                risk = BitConverter.Int64BitsToDouble(bits);
            }
            if (parts.Length is not (2 or 3 or 4)
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out id)
                || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }
            time = new DateTimeOffset(ticks, TimeSpan.Zero);
            return true;
        }
    }
}
