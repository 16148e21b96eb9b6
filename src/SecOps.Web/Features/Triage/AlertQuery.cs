namespace SecOps.Web.Features.Triage;

/// <summary>
/// A parsed board query. <see cref="Root"/> is null for "everything". Values stay strings in the tree and
/// only ever become query parameters (store) or comparands (live matching), never query text.
/// </summary>
public sealed record AlertQuery(QueryNode? Root)
{
    public static readonly AlertQuery All = new((QueryNode?)null);

    /// <summary>
    /// Matches no alert, in the store and the live matcher alike (every alert has a rule name, which contains ""): what a
    /// board holds while its search cannot run, so "all matching" never means everything.
    /// </summary>
    public static readonly AlertQuery None = new(new NotNode(new TextNode("")));

    public bool IsEmpty => Root is null;
}

public abstract record QueryNode;

/// <summary>A bare word or quoted phrase: matches rule name, reason or an entity, case-insensitively.</summary>
public sealed record TextNode(string Text) : QueryNode;

/// <summary><c>field:value</c>.</summary>
public sealed record FieldNode(AlertField Field, string Value) : QueryNode;

/// <summary><c>field &gt;= value</c> and friends.</summary>
public sealed record RangeNode(AlertField Field, RangeOperator Operator, string Value) : QueryNode;

/// <summary>
/// <c>field:prefix*</c> on a keyword field: values that start with <see cref="Prefix"/>, case-sensitively like
/// <c>field:value</c> (an empty prefix: any value). The store reads it as a range on the column's index.
/// </summary>
public sealed record PrefixNode(AlertField Field, string Prefix) : QueryNode;

/// <summary>
/// An IP field holding an address from <see cref="First"/> to <see cref="Last"/> (one address, or a CIDR range), in
/// <see cref="Alerts.IpKey"/>'s 128-bit form; a value that is not an address is in no range.
/// </summary>
public sealed record IpRangeNode(AlertField Field, UInt128 First, UInt128 Last) : QueryNode;

/// <summary><c>assignee:me</c> as typed; <see cref="AlertQueryPeople.Resolve"/> turns it into the person's <see cref="AssigneeIdNode"/>.</summary>
public sealed record AssigneeMeNode(int Position) : QueryNode;

/// <summary>Alerts assigned to the person with this id.</summary>
public sealed record AssigneeIdNode(string PersonId) : QueryNode;

public sealed record AndNode(IReadOnlyList<QueryNode> Items) : QueryNode;

public sealed record OrNode(IReadOnlyList<QueryNode> Items) : QueryNode;

public sealed record NotNode(QueryNode Item) : QueryNode;

public enum RangeOperator
{
    GreaterThan,
    GreaterOrEqual,
    LessThan,
    LessOrEqual,
}

/// <summary>A query that could not be parsed, with the 0-based character position of the problem.</summary>
public sealed record QueryError(string Message, int Position)
{
    /// <summary>The message with the 1-based character position, as the board shows it.</summary>
    public string Describe() => $"{Message} (at character {Position + 1})";
}
