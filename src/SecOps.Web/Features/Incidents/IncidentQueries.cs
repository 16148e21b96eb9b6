using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Incidents;

/// <summary>Reads incidents for the list, the incident page and escalation; every read checks <see cref="Permission.IncidentsRead"/>.</summary>
public sealed class IncidentQueries(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access)
{
    public const int PageSize = 200;

    /// <summary>Newest change first, with each incident's alert count.</summary>
    public async Task<IReadOnlyList<IncidentView>> ListAsync(Actor actor, IncidentFilter filter, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incidents = db.Incidents.AsNoTracking();
        if (filter.Status is { } status)
        {
            incidents = incidents.Where(i => i.Status == status);
        }
        if (filter.OpenOnly)
        {
            incidents = incidents.Where(i => i.Status == IncidentStatus.Open || i.Status == IncidentStatus.InProgress);
        }
        if (filter.Severity is { } severity)
        {
            incidents = incidents.Where(i => i.Severity == severity);
        }
        var page = await incidents.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id).Take(PageSize).ToListAsync(cancellationToken);
        var ids = page.Select(i => i.Id).ToList();
        var counts = await db.Alerts.Where(a => a.IncidentId != null && ids.Contains(a.IncidentId.Value))
            .GroupBy(a => a.IncidentId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. page.Select(i => IncidentView.From(i) with { AlertCount = counts.GetValueOrDefault(i.Id) })];
    }

    public async Task<IncidentView?> GetAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.read", IncidentEscalation.Target(id), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return incident is null ? null : IncidentView.From(incident) with { AlertCount = await db.Alerts.CountAsync(a => a.IncidentId == id, cancellationToken) };
    }

    /// <summary>Linked alerts, changes and notes in time order (ties: alerts, then changes and notes as written).</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.timeline", IncidentEscalation.Target(id), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.IncidentId == id)
            .Select(a => new { a.Id, a.AlertTime, a.RuleName, a.Severity, a.HostName, a.UserName, a.SourceIp })
            .ToListAsync(cancellationToken);
        var events = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var entries = alerts.Select(a => new TimelineEntry(a.AlertTime, TimelineKind.Alert, a.RuleName, null, a.HostName ?? a.UserName ?? a.SourceIp, a.Id, a.Severity))
            .Concat(events.Select(e => e.Kind == IncidentEventKind.Note
                ? new TimelineEntry(e.At, TimelineKind.Note, "Note", e.ActorName, e.Text)
                : new TimelineEntry(e.At, TimelineKind.Change, e.Text, e.ActorName, null)));
        // A stable sort: equal times keep alerts first, then events in the order they were written.
        return [.. entries.OrderBy(e => e.At)];
    }

    /// <summary>Open incidents to escalate into, newest change first.</summary>
    public Task<IReadOnlyList<IncidentView>> OpenAsync(Actor actor, CancellationToken cancellationToken) =>
        ListAsync(actor, new IncidentFilter(OpenOnly: true), cancellationToken);
}
