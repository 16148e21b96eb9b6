namespace SecOps.Web.Features.Triage;

/// <summary>What an analyst does to an alert or a set of alerts.</summary>
public enum TriageAction
{
    Acknowledge,
    Start,
    Close,
    Claim,
    Assign,
}

/// <summary>Someone an alert can be assigned to.</summary>
public sealed record Assignee(string Id, string Name);

/// <summary>
/// The alerts a bulk action applies to: an explicit selection, every alert matching a query, or every alert matching a
/// query whose grouping value equals a group's key exactly (as the grouped view counts them).
/// </summary>
public sealed record BulkTarget(IReadOnlyList<long>? Ids, AlertQuery? Query, (AlertGroupBy By, string Key)? Group = null)
{
    public static BulkTarget Selection(IEnumerable<long> ids) => new(ids.Distinct().ToList(), null);

    public static BulkTarget Matching(AlertQuery query) => new(null, query);

    public static BulkTarget InGroup(AlertQuery query, AlertGroupBy by, string key) => new(null, query, (by, key));
}

public sealed record BulkOutcome(int Changed, int Unchanged);
