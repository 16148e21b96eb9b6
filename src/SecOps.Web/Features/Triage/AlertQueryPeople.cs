using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Turns <c>assignee:me</c> into the acting person's id before a query reaches the store, the live matcher or a shared
/// aggregate's key (so two people's "my alerts" never share a count). Queries without it come back unchanged.
/// </summary>
public static class AlertQueryPeople
{
    public static (AlertQuery? Query, QueryError? Error) Resolve(AlertQuery query, Actor actor)
    {
        if (query.Root is null || !Mentions(query.Root))
        {
            return (query, null);
        }
        if (actor.PersonId is not { } me)
        {
            var position = First(query.Root)!.Position;
            return (null, new QueryError(actor.Id.StartsWith(Actor.ApiKeyIdPrefix, StringComparison.Ordinal)
                ? "assignee:me needs a person: this API key was not created by one, so name the assignee."
                : "assignee:me needs a signed-in person.", position));
        }
        return (new AlertQuery(Replace(query.Root, me)), null);
    }

    /// <summary>As <see cref="Resolve"/>, for callers that were handed an unchecked query; an unresolvable one is refused.</summary>
    public static AlertQuery ResolveOrThrow(AlertQuery query, Actor actor)
    {
        var (resolved, error) = Resolve(query, actor);
        return resolved ?? throw new ArgumentException(error!.Message, nameof(query));
    }

    private static bool Mentions(QueryNode node) => First(node) is not null;

    private static AssigneeMeNode? First(QueryNode node) => node switch
    {
        AssigneeMeNode me => me,
        AndNode and => and.Items.Select(First).FirstOrDefault(n => n is not null),
        OrNode or => or.Items.Select(First).FirstOrDefault(n => n is not null),
        NotNode not => First(not.Item),
        _ => null,
    };

    private static QueryNode Replace(QueryNode node, string me) => node switch
    {
        AssigneeMeNode => new AssigneeIdNode(me),
        AndNode and => new AndNode(and.Items.Select(i => Replace(i, me)).ToList()),
        OrNode or => new OrNode(or.Items.Select(i => Replace(i, me)).ToList()),
        NotNode not => new NotNode(Replace(not.Item, me)),
        _ => node,
    };
}
