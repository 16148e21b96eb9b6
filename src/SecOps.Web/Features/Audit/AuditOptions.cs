using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Audit;

/// <summary>How the audit chain's head is anchored outside the database.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "SecOps:Audit";

    /// <summary>Anchor the head after every this many records (and on the interval, at start and at stop).</summary>
    [Range(1, 1_000_000)]
    public int AnchorEvery { get; set; } = 100;

    /// <summary>Anchor the head this often when it moved.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The append-only anchor file; relative to the data directory.</summary>
    [Required]
    public string AnchorFile { get; set; } = "audit-anchors.jsonl";

    /// <summary>
    /// Also index each anchor in this Elasticsearch index (one document per anchor, id = its number, never overwritten), on the
    /// connection of <c>SecOps:Sources:Elasticsearch</c>; empty leaves Elasticsearch out. A concrete index name, not a pattern.
    /// </summary>
    [RegularExpression("^[a-z0-9][a-z0-9._-]{0,254}$", ErrorMessage = "ElasticsearchAnchorIndex must be a concrete lowercase index name (letters, digits, '.', '_', '-').")]
    public string? ElasticsearchAnchorIndex { get; set; }
}
