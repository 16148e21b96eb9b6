namespace SecOps.Web.Features.AuditEvents;

/// <summary>
/// Which events a caller wants, audit events from the store or raw events from the source: those about any of
/// <see cref="Users"/> (as the actor, the target or by user id) or any of <see cref="Hosts"/>, within [<see cref="From"/>,
/// <see cref="To"/>], newest first, at most <see cref="Limit"/>. With neither users nor hosts, every event in the window.
/// Use <see cref="Create"/>: it bounds every hostile part.
/// </summary>
public sealed record EventFilter
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;
    public const int MaxValues = 100;
    public const int MaxValueLength = AuditEventMapper.ShortField;

    private EventFilter(IReadOnlyList<string> users, IReadOnlyList<string> hosts, DateTimeOffset from, DateTimeOffset to, int limit) =>
        (Users, Hosts, From, To, Limit) = (users, hosts, from, to, limit);

    public IReadOnlyList<string> Users { get; }
    public IReadOnlyList<string> Hosts { get; }
    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }
    public int Limit { get; }

    public bool HasEntities => Users.Count > 0 || Hosts.Count > 0;

    /// <summary>The filter, or why it cannot be one: too many or too long values, or a window that ends before it starts.</summary>
    public static (EventFilter? Filter, string? Error) Create(
        IEnumerable<string?> users, IEnumerable<string?> hosts, DateTimeOffset from, DateTimeOffset to, int? limit = null)
    {
        var userList = Distinct(users);
        var hostList = Distinct(hosts);
        if (userList.Count > MaxValues || hostList.Count > MaxValues)
        {
            return (null, $"At most {MaxValues} users and {MaxValues} hosts.");
        }
        if (userList.Concat(hostList).Any(v => v.Length > MaxValueLength))
        {
            return (null, $"A user or host is at most {MaxValueLength} characters.");
        }
        if (to < from)
        {
            return (null, "The window ends before it starts.");
        }
        return (new EventFilter(userList, hostList, from, to, Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit)), null);
    }

    private static List<string> Distinct(IEnumerable<string?> values) =>
        [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal)];
}
