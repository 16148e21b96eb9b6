namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// Where a tail cursor stands: the sort key (time, tiebreaker) of the last document it has ingested. Written only
/// after that document's batch was committed, so a restart resumes from here (minus the look-back) and loses nothing.
/// </summary>
public sealed class SourceCheckpoint
{
    /// <summary>The cursor's name, e.g. <c>elasticsearch:ElasticSecurity:alerts</c> or <c>...:alerts:status</c>.</summary>
    public required string Source { get; set; }

    public DateTimeOffset LastTime { get; set; }

    /// <summary>The tiebreaker's sort value of the last document (its raw JSON text when it is not a string).</summary>
    public string? LastTiebreaker { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
