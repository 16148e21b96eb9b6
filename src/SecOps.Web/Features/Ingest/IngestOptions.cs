using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Ingest;

public sealed class IngestOptions
{
    public const string SectionName = "SecOps:Ingest";

    [Range(1024, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 32 * 1024 * 1024;

    [Range(256, long.MaxValue)]
    public long MaxDocumentBytes { get; set; } = 1024 * 1024;
}
