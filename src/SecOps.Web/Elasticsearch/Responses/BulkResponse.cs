using System.Text.Json.Serialization;

namespace SecOps.Web.Elasticsearch.Responses;

/// <summary>A <c>_bulk</c> response: HTTP 200 even when items failed, so read <see cref="Errors"/> and each item's status.</summary>
public sealed record BulkResponse
{
    [JsonPropertyName("took")] public long Took { get; init; }
    [JsonPropertyName("errors")] public bool Errors { get; init; }

    /// <summary>As sent: one single-key object per action (<c>{"index": {...}}</c>).</summary>
    [JsonPropertyName("items")] public List<Dictionary<string, BulkItemResult>> RawItems { get; set; } = [];

    [JsonIgnore]
    public IReadOnlyList<BulkItem> Items => [.. RawItems.Select(i => i.First()).Select(kv => new BulkItem(kv.Key, kv.Value))];
}

/// <summary>One item of a bulk response with its action (<c>index</c>, <c>create</c>, <c>update</c>, <c>delete</c>).</summary>
public sealed record BulkItem(string Action, BulkItemResult Result)
{
    public bool Succeeded => Result.Error is null && Result.Status is >= 200 and < 300;
}

public sealed record BulkItemResult
{
    [JsonPropertyName("_index")] public string? Index { get; init; }
    [JsonPropertyName("_id")] public string? Id { get; init; }
    [JsonPropertyName("_version")] public long? Version { get; init; }
    [JsonPropertyName("result")] public string? Result { get; init; }
    [JsonPropertyName("status")] public int Status { get; init; }
    [JsonPropertyName("_seq_no")] public long? SeqNo { get; init; }
    [JsonPropertyName("_primary_term")] public long? PrimaryTerm { get; init; }
    [JsonPropertyName("_shards")] public ShardStatistics? Shards { get; init; }
    [JsonPropertyName("error")] public ErrorCause? Error { get; init; }
}
