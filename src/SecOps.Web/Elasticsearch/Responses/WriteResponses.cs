using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecOps.Web.Elasticsearch.Responses;

/// <summary>Single-document write answer: index, create, delete and <c>_update</c>.</summary>
public sealed record WriteResponse
{
    [JsonPropertyName("_index")] public string Index { get; set; } = "";
    [JsonPropertyName("_id")] public string Id { get; set; } = "";
    [JsonPropertyName("_version")] public long Version { get; init; }
    [JsonPropertyName("result")] public string Result { get; set; } = "";
    [JsonPropertyName("_seq_no")] public long? SeqNo { get; init; }
    [JsonPropertyName("_primary_term")] public long? PrimaryTerm { get; init; }
    [JsonPropertyName("_shards")] public ShardStatistics? Shards { get; init; }
    [JsonPropertyName("forced_refresh")] public bool? ForcedRefresh { get; init; }
}

/// <summary><c>_update_by_query</c> and <c>_delete_by_query</c>.</summary>
public sealed record ByQueryResponse
{
    [JsonPropertyName("took")] public long Took { get; init; }
    [JsonPropertyName("timed_out")] public bool TimedOut { get; init; }
    [JsonPropertyName("total")] public long Total { get; init; }
    [JsonPropertyName("updated")] public long Updated { get; init; }
    [JsonPropertyName("deleted")] public long Deleted { get; init; }
    [JsonPropertyName("batches")] public long Batches { get; init; }
    [JsonPropertyName("version_conflicts")] public long VersionConflicts { get; init; }
    [JsonPropertyName("noops")] public long Noops { get; init; }
    [JsonPropertyName("requests_per_second")] public double? RequestsPerSecond { get; init; }
    [JsonPropertyName("failures")] public List<JsonElement> Failures { get; set; } = [];
}

public sealed record CountResponse
{
    [JsonPropertyName("count")] public long Count { get; init; }
    [JsonPropertyName("_shards")] public ShardStatistics? Shards { get; init; }

    [JsonIgnore] public IReadOnlyList<PartialResultWarning> Warnings => PartialResultWarning.From(Shards, false);
}

/// <summary><c>GET /</c>.</summary>
public sealed record InfoResponse
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("cluster_name")] public string ClusterName { get; set; } = "";
    [JsonPropertyName("cluster_uuid")] public string ClusterUuid { get; set; } = "";
    [JsonPropertyName("version")] public InfoVersion Version { get; set; } = new();
    [JsonPropertyName("tagline")] public string? Tagline { get; init; }
}

public sealed record InfoVersion
{
    [JsonPropertyName("number")] public string Number { get; set; } = "";
    [JsonPropertyName("build_flavor")] public string? BuildFlavor { get; init; }
    [JsonPropertyName("build_type")] public string? BuildType { get; init; }
    [JsonPropertyName("build_hash")] public string? BuildHash { get; init; }
    [JsonPropertyName("build_date")] public string? BuildDate { get; init; }
    [JsonPropertyName("build_snapshot")] public bool BuildSnapshot { get; init; }
    [JsonPropertyName("lucene_version")] public string? LuceneVersion { get; init; }
    [JsonPropertyName("minimum_wire_compatibility_version")] public string? MinimumWireCompatibilityVersion { get; init; }
    [JsonPropertyName("minimum_index_compatibility_version")] public string? MinimumIndexCompatibilityVersion { get; init; }
}

/// <summary>Async search (<c>_async_search</c>) wrapper around a search response.</summary>
public sealed record AsyncSearchResponse
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("is_partial")] public bool IsPartial { get; init; }
    [JsonPropertyName("is_running")] public bool IsRunning { get; init; }
    [JsonPropertyName("response")] public SearchResponse? Response { get; init; }
}

/// <summary>Point-in-time open (<c>{id, _shards}</c>) and close (<c>{succeeded, num_freed}</c>) answers.</summary>
public sealed record PointInTimeResponse
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("_shards")] public ShardStatistics? Shards { get; init; }
    [JsonPropertyName("succeeded")] public bool? Succeeded { get; init; }
    [JsonPropertyName("num_freed")] public int? NumFreed { get; init; }
}
