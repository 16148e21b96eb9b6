using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Incidents;

/// <summary>A page of incidents and the cursor of the next one (null at the end).</summary>
public sealed record IncidentResults(IReadOnlyList<IncidentView> Items, string? NextCursor);

/// <summary>
/// Reads incidents for the list, search, the incident page, the read API and escalation. Every read checks
/// <see cref="Permission.IncidentsRead"/> and goes through <see cref="IncidentAccess.Visible"/>: an incident the
/// actor may not see is left out of lists and answers like a missing one.
/// </summary>
public sealed class IncidentQueries(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access)
{
    public const int PageSize = 200;
    public const int MaxApiPageSize = 500;

    /// <summary>Newest change first, with each incident's alert count.</summary>
    public async Task<IReadOnlyList<IncidentView>> ListAsync(Actor actor, IncidentFilter filter, CancellationToken cancellationToken) =>
        (await PageAsync(actor, filter, PageSize, null, cancellationToken)).Items;

    /// <summary>One page, newest change first; <paramref name="cursor"/> is a previous page's <see cref="IncidentResults.NextCursor"/>.</summary>
    public async Task<IncidentResults> PageAsync(Actor actor, IncidentFilter filter, int size, string? cursor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.list", null, cancellationToken);
        size = Math.Clamp(size, 1, MaxApiPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incidents = db.Incidents.AsNoTracking().Visible(db, actor);
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
        if (filter.Text?.Trim() is { Length: > 0 } text)
        {
            var lower = text.ToLowerInvariant();
            incidents = incidents.Where(i => i.Title.ToLower().Contains(lower));
        }
        if (filter.TeamIds is { } teams)
        {
            incidents = incidents.Where(i => i.TeamId != null && teams.Contains(i.TeamId.Value));
        }
        if (filter.Mine)
        {
            var me = actor.PersonId;
            incidents = incidents.Where(i => i.AssigneeId == me);
        }
        if (Cursor.TryDecode(cursor, out var position))
        {
            var (at, afterId, bySeverity) = (position.At, position.Id, position.Severity);
            incidents = filter.Sort switch
            {
                IncidentSort.Created => incidents.Where(i => i.CreatedAt < at || (i.CreatedAt == at && i.Id < afterId)),
                IncidentSort.Severity => incidents.Where(i => i.Severity < bySeverity
                    || (i.Severity == bySeverity && (i.UpdatedAt < at || (i.UpdatedAt == at && i.Id < afterId)))),
                _ => incidents.Where(i => i.UpdatedAt < at || (i.UpdatedAt == at && i.Id < afterId)),
            };
        }
        var ordered = filter.Sort switch
        {
            IncidentSort.Created => incidents.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id),
            IncidentSort.Severity => incidents.OrderByDescending(i => i.Severity).ThenByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
            _ => incidents.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
        };
        var page = await ordered.Take(size + 1).ToListAsync(cancellationToken);
        var more = page.Count > size;
        if (more)
        {
            page.RemoveAt(size);
        }
        var views = await IncidentViews.LoadAsync(db, page, withObservables: false, cancellationToken);
        var due = await FollowUpsDueAsync(db, [.. views.Keys], cancellationToken);
        return new IncidentResults([.. page.Select(i => views[i.Id] with { FollowUpsDue = due.GetValueOrDefault(i.Id) ?? [] })],
            more ? Cursor.Encode(page[^1], filter.Sort) : null);
    }

    /// <summary>Due times of the open review follow-ups, per incident (overdue once past, as the task list judges a task overdue).</summary>
    private static async Task<Dictionary<long, DateTimeOffset[]>> FollowUpsDueAsync(SecOpsDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var open = await db.IncidentTasks.Where(t => ids.Contains(t.IncidentId) && t.FollowUpId != null && t.State == Playbooks.TaskState.Open)
            .Select(t => new { t.IncidentId, t.DueAt }).ToListAsync(cancellationToken);
        return open.GroupBy(t => t.IncidentId).ToDictionary(g => g.Key, g => g.Select(t => t.DueAt).ToArray());
    }

    public async Task<IncidentView?> GetAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.read", IncidentEscalation.Target(id), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Visible(db, actor).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return incident is null ? null : (await IncidentViews.LoadAsync(db, [incident], withObservables: true, cancellationToken))[id];
    }

    /// <summary>
    /// Whether an incident this actor could have seen was deleted, while its tombstone is kept (as long as the change
    /// feed's retention keeps its removal): a page opened on it says so. An outsider to a restricted incident learns
    /// nothing, as for an id that never existed.
    /// </summary>
    public async Task<bool> WasDeletedAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tombstone = await db.IncidentTombstones.AsNoTracking().FirstOrDefaultAsync(t => t.IncidentId == id, cancellationToken);
        return tombstone is not null && IncidentAccess.CanSee(actor, tombstone.Audience);
    }

    /// <summary>
    /// Linked alerts, changes, notes, tasks, notifications, communications and responders' events, each at the time it happened, in time order
    /// (ties: alerts, then events as written); empty for an incident the actor may not see.
    /// </summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.timeline", IncidentEscalation.Target(id), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == id, cancellationToken))
        {
            return [];
        }
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.IncidentId == id)
            .Select(a => new { a.Id, a.AlertTime, a.RuleName, a.Severity, a.HostName, a.UserName, a.SourceIp })
            .ToListAsync(cancellationToken);
        var events = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var entries = alerts.Select(a => new TimelineEntry(a.AlertTime, TimelineKind.Alert, a.RuleName, null, a.HostName ?? a.UserName ?? a.SourceIp, a.Id, a.Severity))
            .Concat(events.Select(e => e.Kind switch
            {
                IncidentEventKind.Note => new TimelineEntry(e.At, TimelineKind.Note, "Note", e.ActorName, e.Text),
                // When it was sent, not when it was recorded.
                IncidentEventKind.NotificationRecorded => new TimelineEntry(e.OccurredAt ?? e.At, TimelineKind.Notification, e.Text, e.ActorName, null),
                IncidentEventKind.TimelineEvent => new TimelineEntry(e.OccurredAt ?? e.At, TimelineKind.Event, e.Text, e.ActorName, null),
                IncidentEventKind.EvidenceUploaded or IncidentEventKind.EvidenceDownloaded or IncidentEventKind.EvidenceDownloadRefused
                    => new TimelineEntry(e.At, TimelineKind.Evidence, e.Text, e.ActorName, null),
                // Its own kind (the default below would make it a change), at the time it was sent.
                IncidentEventKind.CommunicationSent => Communications.CommunicationVocabulary.TimelineEntry(e),
                >= IncidentEventKind.PlaybookAttached => new TimelineEntry(e.At, TimelineKind.Task, e.Text, e.ActorName, null),
                _ => new TimelineEntry(e.At, TimelineKind.Change, e.Text, e.ActorName, null),
            }));
        // A stable sort: equal times keep alerts first, then events in the order they were written.
        return [.. entries.OrderBy(e => e.At)];
    }

    /// <summary>Open incidents to escalate into, newest change first.</summary>
    public Task<IReadOnlyList<IncidentView>> OpenAsync(Actor actor, CancellationToken cancellationToken) =>
        ListAsync(actor, new IncidentFilter(OpenOnly: true), cancellationToken);

    /// <summary>The read API's paging cursor: the last row's change time and id.</summary>
    /// <summary>Where a page ended in its order: the time of its sort key (created or changed), the id, and the severity when sorted by it.</summary>
    public sealed record CursorPosition(DateTimeOffset At, long Id, Alerts.Severity Severity);

    /// <summary>"ticks_id" (by change or creation time) or "ticks_id_severity" (by severity); opaque to clients.</summary>
    public static class Cursor
    {
        public static string Encode(Incident last, IncidentSort sort = IncidentSort.Updated)
        {
            var at = sort == IncidentSort.Created ? last.CreatedAt : last.UpdatedAt;
            var text = at.UtcTicks.ToString(CultureInfo.InvariantCulture) + "_" + last.Id.ToString(CultureInfo.InvariantCulture);
            return sort == IncidentSort.Severity ? text + "_" + ((int)last.Severity).ToString(CultureInfo.InvariantCulture) : text;
        }

        public static bool TryDecode(string? cursor, out CursorPosition position)
        {
            position = new(default, 0, default);
            var parts = (cursor ?? "").Split('_');
            var severity = 0;
            if (parts.Length is not (2 or 3) || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || (parts.Length == 3 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out severity) || !Enum.IsDefined((Alerts.Severity)severity)))
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }
            position = new(new DateTimeOffset(ticks, TimeSpan.Zero), id, (Alerts.Severity)severity);
            return true;
        }
    }
}
