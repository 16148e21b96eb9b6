using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Incidents;

/// <summary>Where else an observable was seen: how many stored alerts (not linked to this incident), and which other incidents.</summary>
public sealed record Sighting(int Alerts, IReadOnlyList<long> Incidents)
{
    public static readonly Sighting None = new(0, []);
}

/// <summary>
/// "Seen before" for an incident's observables: stored alerts whose source or destination address (IP), user name
/// (user) or host name (domain) is the value, and other incidents holding the same observable. Need-to-know: only
/// incidents the viewer may see are counted or named (through <see cref="IncidentAccess.Visible"/>), and nothing is
/// answered for an incident the viewer may not see. URLs, hashes and emails match incidents only: alerts keep no
/// column for them.
/// </summary>
public sealed class SeenBefore(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access)
{
    /// <summary>At most this many other incidents are named per observable (the newest ones).</summary>
    public const int MaxIncidentsNamed = 20;

    /// <summary>Sightings by observable id; empty for an incident the actor may not see.</summary>
    public async Task<IReadOnlyDictionary<long, Sighting>> ForIncidentAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.seen-before", IncidentEscalation.Target(incidentId), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == incidentId, cancellationToken))
        {
            return new Dictionary<long, Sighting>();
        }
        var observables = await db.IncidentObservables.AsNoTracking().Where(o => o.IncidentId == incidentId).ToListAsync(cancellationToken);
        var visible = db.Incidents.Visible(db, actor).Select(i => i.Id);
        var result = new Dictionary<long, Sighting>();
        foreach (var o in observables)
        {
            var (type, value) = (o.Type, o.Value);
            var others = await db.IncidentObservables.AsNoTracking()
                .Where(x => x.Type == type && x.Value == value && x.IncidentId != incidentId && visible.Contains(x.IncidentId))
                .Select(x => x.IncidentId).Distinct().OrderByDescending(id => id).Take(MaxIncidentsNamed).ToListAsync(cancellationToken);
            var alerts = actor.Can(Permission.AlertsRead) ? await AlertsAsync(db, type, value, incidentId, cancellationToken) : 0;
            result[o.Id] = alerts == 0 && others.Count == 0 ? Sighting.None : new Sighting(alerts, others);
        }
        return result;
    }

    private static Task<int> AlertsAsync(SecOpsDbContext db, ObservableType type, string value, long incidentId, CancellationToken cancellationToken)
    {
        var alerts = db.Alerts.AsNoTracking().Where(a => a.IncidentId == null || a.IncidentId != incidentId);
        // Addresses compare by their key (one form per address, indexed), as the board's address filters do.
        var ip = type == ObservableType.Ip ? Alerts.IpKey.Of(value) : null;
        return type switch
        {
            ObservableType.Ip when !string.IsNullOrEmpty(ip) => alerts.CountAsync(a => a.SourceIpKey == ip || a.DestinationIpKey == ip, cancellationToken),
            ObservableType.User => alerts.CountAsync(a => a.UserName == value, cancellationToken),
            ObservableType.Domain => alerts.CountAsync(a => a.HostName != null && a.HostName.ToLower() == value, cancellationToken),
            _ => Task.FromResult(0),
        };
    }
}
