using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// Builds views of incidents already read (and already filtered by need-to-know): alert counts, team names, named
/// members and, for one incident's page, its observables. Also the audience each needs for hub delivery.
/// </summary>
public static class IncidentViews
{
    public static async Task<Dictionary<long, IncidentView>> LoadAsync(SecOpsDbContext db, IReadOnlyList<Incident> incidents, bool withObservables, CancellationToken cancellationToken)
    {
        var ids = incidents.Select(i => i.Id).ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var counts = await db.Alerts.Where(a => a.IncidentId != null && ids.Contains(a.IncidentId.Value))
            .GroupBy(a => a.IncidentId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var teamIds = incidents.Where(i => i.TeamId != null).Select(i => i.TeamId!.Value).Distinct().ToList();
        var teams = teamIds.Count == 0 ? [] : await db.Teams.Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var members = await MembersAsync(db, ids, cancellationToken);
        var observables = withObservables
            ? (await db.IncidentObservables.AsNoTracking().Where(o => ids.Contains(o.IncidentId)).OrderBy(o => o.Id).ToListAsync(cancellationToken)).ToLookup(o => o.IncidentId)
            : null;
        // The regulatory clocks need the notifications recorded; a list loads them only for incidents that have clocks.
        var notifications = withObservables || incidents.Any(i => i.PersonalData || i.Nis2)
            ? (await db.IncidentNotifications.AsNoTracking().Where(n => ids.Contains(n.IncidentId)).OrderBy(n => n.Id).ToListAsync(cancellationToken)).ToLookup(n => n.IncidentId)
            : null;
        return incidents.ToDictionary(i => i.Id, i => IncidentView.From(i) with
        {
            AlertCount = counts.GetValueOrDefault(i.Id),
            TeamName = i.TeamId is { } team ? teams.GetValueOrDefault(team) : null,
            Members = members[i.Id].Select(m => new IncidentPerson(m.UserId, m.UserName)).ToList(),
            Observables = observables is null ? [] : [.. observables[i.Id].Select(ObservableView.From)],
            Notifications = notifications is null ? [] : [.. notifications[i.Id].Select(n => n.ToView())],
        });
    }

    /// <summary>Views and audiences of changed incidents for the change feed (live and replay), read in the caller's transaction.</summary>
    public static async Task<Dictionary<long, (IncidentView View, IncidentAudience Audience)>> ForFeedAsync(SecOpsDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        var incidents = await db.Incidents.AsNoTracking().Where(i => list.Contains(i.Id)).ToListAsync(cancellationToken);
        var views = await LoadAsync(db, incidents, withObservables: true, cancellationToken);
        return incidents.ToDictionary(i => i.Id, i => (views[i.Id], i.Restricted
            ? new IncidentAudience(true, views[i.Id].Members.Select(m => m.Id).ToHashSet())
            : IncidentAudience.Everyone));
    }

    /// <summary>Who may see each of these incidents (for live delivery of what belongs to them, such as tasks), without loading the incidents.</summary>
    public static async Task<Dictionary<long, IncidentAudience>> AudiencesAsync(SecOpsDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        var restricted = await db.Incidents.AsNoTracking().Where(i => list.Contains(i.Id)).Select(i => new { i.Id, i.Restricted }).ToListAsync(cancellationToken);
        var restrictedIds = restricted.Where(i => i.Restricted).Select(i => i.Id).ToList();
        var members = restrictedIds.Count == 0 ? [] : await db.IncidentMembers.AsNoTracking().Where(m => restrictedIds.Contains(m.IncidentId))
            .Select(m => new { m.IncidentId, m.UserId }).ToListAsync(cancellationToken);
        return restricted.ToDictionary(i => i.Id, i => i.Restricted
            ? new IncidentAudience(true, members.Where(m => m.IncidentId == i.Id).Select(m => m.UserId).ToHashSet())
            : IncidentAudience.Everyone);
    }

    private static async Task<ILookup<long, IncidentMember>> MembersAsync(SecOpsDbContext db, List<long> ids, CancellationToken cancellationToken) =>
        (await db.IncidentMembers.AsNoTracking().Where(m => ids.Contains(m.IncidentId)).OrderBy(m => m.UserName).ToListAsync(cancellationToken)).ToLookup(m => m.IncidentId);
}
