using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecOps.Web.Elasticsearch.Responses;

/// <summary>
/// A <c>_mget</c> response: one entry per requested document, in request order. The request as a whole answers 200
/// even when a document is missing (<see cref="GetResult.Found"/> false) or its index is (<see cref="GetResult.Error"/>).
/// </summary>
public sealed record MultiGetResponse
{
    [JsonPropertyName("docs")] public List<GetResult> Docs { get; set; } = [];
}

/// <summary>
/// One document as a realtime get returns it: the latest version, searchable yet or not, with the
/// <c>_seq_no</c>/<c>_primary_term</c> pair a conditional write needs.
/// </summary>
public sealed record GetResult
{
    [JsonPropertyName("_index")] public string Index { get; set; } = "";
    [JsonPropertyName("_id")] public string Id { get; set; } = "";
    [JsonPropertyName("_version")] public long? Version { get; init; }
    [JsonPropertyName("_seq_no")] public long? SeqNo { get; init; }
    [JsonPropertyName("_primary_term")] public long? PrimaryTerm { get; init; }
    [JsonPropertyName("found")] public bool Found { get; init; }
    [JsonPropertyName("_source")] public JsonElement? Source { get; init; }

    /// <summary>Set instead of <see cref="Found"/> when this document could not be read (e.g. <c>index_not_found_exception</c>).</summary>
    [JsonPropertyName("error")] public ErrorCause? Error { get; init; }
}

/// <summary>One document to fetch with <c>_mget</c>: a concrete index (not a pattern) and an id.</summary>
public sealed record MultiGetItem(string Index, string Id);
