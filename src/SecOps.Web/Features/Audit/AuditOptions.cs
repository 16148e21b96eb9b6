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
}
