using System.Text.Json.Serialization;

namespace SecOps.Web.Features.Live;

/// <summary>
/// One notice for a large change of many alerts (the hub's <c>bulk</c> event) instead of one message per
/// alert: receivers reload what they show. The sequence range is gap-free like every other change.
/// </summary>
public sealed record BulkNotice(
    [property: JsonPropertyName("seqFrom")] long SeqFrom,
    [property: JsonPropertyName("seqTo")] long SeqTo,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("kind")] string Kind);
