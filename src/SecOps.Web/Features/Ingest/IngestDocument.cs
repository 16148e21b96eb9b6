using System.Text.Json;

namespace SecOps.Web.Features.Ingest;

/// <summary>
/// One document split out of a request body: either a parsed JSON object or the reason it was rejected.
/// <see cref="Line"/> is the 1-based NDJSON line, or null for JSON bodies.
/// </summary>
public sealed record IngestDocument(int? Line, JsonElement? Json, string? Error, string? TransportId = null);
