using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecOps.Web.Elasticsearch.Responses;

/// <summary>Elasticsearch's error object (<c>error</c>, <c>root_cause[]</c>, <c>caused_by</c>, shard failure reasons).</summary>
public sealed record ErrorCause
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("root_cause")] public List<ErrorCause>? RootCause { get; init; }
    [JsonPropertyName("caused_by")] public ErrorCause? CausedBy { get; init; }
    [JsonPropertyName("phase")] public string? Phase { get; init; }
    [JsonPropertyName("failed_shards")] public List<ShardFailure>? FailedShards { get; init; }
    [JsonPropertyName("index")] public string? Index { get; init; }
    [JsonPropertyName("stack_trace")] public string? StackTrace { get; init; }

    /// <summary>Everything else (<c>index_uuid</c>, <c>resource.id</c>, <c>line</c>, <c>bytes_wanted</c>, <c>header</c>...).</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary><c>header.WWW-Authenticate</c>, which Elasticsearch sends as a string or (8.x) an array.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> WwwAuthenticate
    {
        get
        {
            if (Extra is null || !Extra.TryGetValue("header", out var header) || header.ValueKind != JsonValueKind.Object
                || !header.TryGetProperty("WWW-Authenticate", out var value))
            {
                return [];
            }
            return value.ValueKind == JsonValueKind.Array
                ? [.. value.EnumerateArray().Select(v => v.GetString() ?? "")]
                : [value.GetString() ?? ""];
        }
    }
}

/// <summary>The error envelope: <c>{"error": {...} | "text", "status": N}</c>.</summary>
public sealed record ErrorResponse
{
    [JsonPropertyName("error")] public JsonElement Error { get; init; }
    [JsonPropertyName("status")] public int? Status { get; init; }
}
