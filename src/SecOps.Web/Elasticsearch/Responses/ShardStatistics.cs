using System.Text.Json.Serialization;

namespace SecOps.Web.Elasticsearch.Responses;

public sealed record ShardStatistics
{
    [JsonPropertyName("total")] public int Total { get; init; }
    [JsonPropertyName("successful")] public int Successful { get; init; }
    [JsonPropertyName("skipped")] public int Skipped { get; init; }
    [JsonPropertyName("failed")] public int Failed { get; init; }
    [JsonPropertyName("failures")] public List<ShardFailure>? Failures { get; init; }
}

public sealed record ShardFailure
{
    [JsonPropertyName("shard")] public int? Shard { get; init; }
    [JsonPropertyName("index")] public string? Index { get; init; }
    [JsonPropertyName("node")] public string? Node { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("reason")] public ErrorCause? Reason { get; init; }
}

/// <summary>One reason a search answered with part of the data: a failed shard, or the search timing out.</summary>
public sealed record PartialResultWarning(string? Index, int? Shard, string? Node, string Type, string Reason)
{
    public static IReadOnlyList<PartialResultWarning> From(ShardStatistics? shards, bool timedOut)
    {
        var warnings = new List<PartialResultWarning>();
        foreach (var failure in shards?.Failures ?? [])
        {
            warnings.Add(new PartialResultWarning(failure.Index, failure.Shard, failure.Node,
                failure.Reason?.Type ?? "shard_failure", failure.Reason?.Reason ?? "shard failed"));
        }
        // Failures can be omitted (filter_path, some proxies) while the counter still says shards failed.
        if (shards is { Failed: > 0 } && warnings.Count < shards.Failed)
        {
            warnings.Add(new PartialResultWarning(null, null, null, "shard_failure",
                $"{shards.Failed} of {shards.Total} shards failed"));
        }
        if (timedOut)
        {
            warnings.Add(new PartialResultWarning(null, null, null, "timed_out", "the search timed out before every shard answered"));
        }
        return warnings;
    }
}
