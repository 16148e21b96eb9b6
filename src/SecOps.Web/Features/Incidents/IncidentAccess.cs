using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Incidents;

/// <summary>Who may see one incident: whether it is restricted, and the ids of its named members.</summary>
public sealed record IncidentAudience(bool Restricted, IReadOnlySet<string> Members)
{
    public static readonly IncidentAudience Everyone = new(false, new HashSet<string>());
}

/// <summary>
/// Need-to-know, decided here and nowhere else. An incident that is not restricted is seen by everyone who may read
/// incidents; a restricted one only by its named members and by administrators (<see cref="Permission.IncidentsReadRestricted"/>).
/// An API key acts for the person who created it: it sees a restricted incident when that person is a named member
/// (never through its creator's administrator role, which a key does not carry). Every read (list, search, page,
/// timeline, API, hub, replay) and every write goes through <see cref="Visible"/> or <see cref="CanSee"/>, so an
/// incident someone may not see behaves exactly like one that does not exist; nothing is checked by knowing an id.
/// </summary>
public static class IncidentAccess
{
    /// <summary>The incidents <paramref name="actor"/> may see, as a query (the store filters, so paging stays correct).</summary>
    public static IQueryable<Incident> Visible(this IQueryable<Incident> incidents, SecOpsDbContext db, Actor actor)
    {
        if (SeesAll(actor))
        {
            return incidents;
        }
        var person = actor.PersonId;
        return person is null
            ? incidents.Where(i => !i.Restricted)
            : incidents.Where(i => !i.Restricted || db.IncidentMembers.Any(m => m.IncidentId == i.Id && m.UserId == person));
    }

    /// <summary>The same rule for one incident already in hand (hub delivery and replay), with the permission to read incidents at all.</summary>
    public static bool CanSee(Actor actor, IncidentAudience audience) =>
        actor.Can(Permission.IncidentsRead) && (!audience.Restricted || SeesAll(actor) || (actor.PersonId is { } person && audience.Members.Contains(person)));

    /// <summary>Whether the viewer sees restricted incidents without being named on them (administrators).</summary>
    public static bool SeesAll(Actor actor) => actor.Can(Permission.IncidentsReadRestricted);
}
