using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>Reads alerts for the board and the read API: newest first, cursor paging, permission checked.</summary>
public sealed class AlertQueries(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public sealed record Page(IReadOnlyList<AlertView> Items, string? NextCursor);

    public async Task<Page> ListAsync(Actor actor, AlertQuery query, int size, string? cursor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.list", null, cancellationToken);
        size = Math.Clamp(size, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = AlertQueryTranslator.Apply(db.Alerts.AsNoTracking(), query, time);
        if (Cursor.TryDecode(cursor, out var after, out var id))
        {
            alerts = alerts.Where(a => a.AlertTime < after || (a.AlertTime == after && a.Id < id));
        }
        var rows = await alerts.OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? Cursor.Encode(rows[size - 1]) : null;
        return new Page(rows.Take(size).Select(a => AlertView.From(a)).ToList(), next);
    }

    public async Task<AlertView?> GetAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alerts.get", "alert:" + id, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return alert is null ? null : AlertView.From(alert);
    }

    /// <summary>An opaque position in the newest-first order: the last row's time and id.</summary>
    internal static class Cursor
    {
        public static string Encode(Alert last) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{last.AlertTime.UtcTicks}.{last.Id}")))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryDecode(string? cursor, out DateTimeOffset time, out long id)
        {
            time = default;
            id = 0;
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
            if (parts.Length != 2
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
