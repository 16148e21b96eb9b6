using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Evidence;

/// <summary>Limits on incident evidence, section <c>SecOps:Incidents</c>.</summary>
public sealed class EvidenceOptions
{
    public const string SectionName = "SecOps:Incidents";

    /// <summary>The largest evidence file accepted, in bytes (default 25 MiB); a larger one is refused and nothing is stored.</summary>
    [Range(1, 1L << 30)]
    public long MaxEvidenceBytes { get; set; } = 25L * 1024 * 1024;
}
