using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Incidents;

/// <summary>Turns the ids of people named on an incident into members with names, refusing ids of nobody.</summary>
public static class IncidentMembership
{
    public const int MaxMembers = 100;

    public sealed record Resolved(IReadOnlyList<IncidentPerson> People, string? Error);

    /// <summary>
    /// The named members. On a restricted incident the acting person is always one of them, so nobody locks themselves
    /// out of an incident they restrict.
    /// </summary>
    public static async Task<Resolved> ResolveAsync(Teams.Teams teams, Actor actor, bool restricted, IReadOnlyList<string>? memberIds, CancellationToken cancellationToken)
    {
        var ids = (memberIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        if (ids.Count > MaxMembers)
        {
            return new([], $"At most {MaxMembers} people can be named on an incident.");
        }
        var names = await teams.NamesAsync(ids, cancellationToken);
        if (ids.FirstOrDefault(id => !names.ContainsKey(id)) is not null)
        {
            return new([], "Some of the people named do not exist.");
        }
        var people = ids.Select(id => new IncidentPerson(id, names[id])).ToList();
        if (restricted && actor.PersonId is { } me && !names.ContainsKey(me))
        {
            // An API key acts for the person who created it: they are named by their own name, not the key's.
            var name = actor.Id.StartsWith(Actor.ApiKeyIdPrefix, StringComparison.Ordinal) ? (await teams.NamesAsync([me], cancellationToken)).GetValueOrDefault(me) : actor.Name;
            if (name is not null)
            {
                people.Add(new IncidentPerson(me, name));
            }
        }
        return new(people, null);
    }
}
