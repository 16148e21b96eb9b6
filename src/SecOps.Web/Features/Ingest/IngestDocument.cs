using System.Text.Json;

namespace SecOps.Web.Features.Ingest;

/// <summary>
/// One document split out of a request body: either a parsed JSON object or the reason it was rejected.
/// <see cref="Line"/> is the 1-based NDJSON line, or null for JSON bodies.
/// </summary>
public sealed record IngestDocument(int? Line, JsonElement? Json, string? Error, string? TransportId = null)
{
    /// <summary>
    /// Store only if the id is new (the bulk API's <c>create</c>): a known id answers <see cref="IngestItemResult.Conflict"/>
    /// and is left untouched. Decided inside the ingest's unit of work, so of two racing creates exactly one wins.
    /// </summary>
    public bool CreateOnly { get; init; }
}
