using System.Text.Json.Serialization;

namespace SecOps.Web.Features.Ingest;

/// <summary>The per-document answer of the ingest API, one per input document, in input order.</summary>
public sealed record IngestItemResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonPropertyName("line"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null)
{
    public const int Created = 201;
    public const int Updated = 200;
    public const int Rejected = 400;

    /// <summary>A create-only document whose id is already stored (or written earlier in the batch); nothing was changed.</summary>
    public const int Conflict = 409;
}

public sealed record IngestResponse(
    [property: JsonPropertyName("errors")] bool Errors,
    [property: JsonPropertyName("items")] IReadOnlyList<IngestItemResult> Items);
