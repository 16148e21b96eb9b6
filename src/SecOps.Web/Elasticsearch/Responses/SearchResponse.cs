using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecOps.Web.Elasticsearch.Responses;

/// <summary>A <c>_search</c> response. Shard failures are never dropped: read <see cref="Warnings"/>.</summary>
/// <remarks>
/// Properties with a default are settable: the source generator sets init-only properties that are absent
/// from the JSON to null, which would lose the default (an empty <c>"hits": {}</c> must still give an empty list).
/// </remarks>
public sealed record SearchResponse
{
    [JsonPropertyName("took")] public long Took { get; init; }
    [JsonPropertyName("timed_out")] public bool TimedOut { get; init; }
    [JsonPropertyName("_shards")] public ShardStatistics? Shards { get; init; }
    [JsonPropertyName("hits")] public HitsMetadata Hits { get; set; } = new();
    [JsonPropertyName("aggregations")] public JsonElement? RawAggregations { get; init; }
    [JsonPropertyName("pit_id")] public string? PitId { get; init; }
    [JsonPropertyName("num_reduce_phases")] public int? NumReducePhases { get; init; }

    [JsonIgnore] public AggregationResults Aggregations => new(RawAggregations);

    /// <summary>Why this page may be incomplete: failed shards and timeouts. Empty when every shard answered.</summary>
    [JsonIgnore] public IReadOnlyList<PartialResultWarning> Warnings => PartialResultWarning.From(Shards, TimedOut);
}

public sealed record HitsMetadata
{
    /// <summary>Absent when the request set <c>track_total_hits: false</c>.</summary>
    [JsonPropertyName("total")] public TotalHits? Total { get; init; }
    [JsonPropertyName("max_score")] public double? MaxScore { get; init; }
    [JsonPropertyName("hits")] public List<Hit> Hits { get; set; } = [];
}

public sealed record Hit
{
    [JsonPropertyName("_index")] public string Index { get; set; } = "";
    [JsonPropertyName("_id")] public string Id { get; set; } = "";
    [JsonPropertyName("_score")] public double? Score { get; init; }
    [JsonPropertyName("_version")] public long? Version { get; init; }
    [JsonPropertyName("_seq_no")] public long? SeqNo { get; init; }
    [JsonPropertyName("_primary_term")] public long? PrimaryTerm { get; init; }
    [JsonPropertyName("_routing")] public string? Routing { get; init; }
    [JsonPropertyName("_source")] public JsonElement? Source { get; init; }
    [JsonPropertyName("fields")] public JsonElement? Fields { get; init; }

    /// <summary>Sort values exactly as sent: 64-bit integers and strings stay what they were (feed them back as <c>search_after</c>).</summary>
    [JsonPropertyName("sort")] public JsonElement[]? Sort { get; init; }
}

public enum TotalHitsRelation
{
    Eq,
    Gte,
}

/// <summary><c>hits.total</c>: the object form <c>{value, relation}</c> or the legacy integer (<c>rest_total_hits_as_int</c>).</summary>
[JsonConverter(typeof(TotalHitsConverter))]
public sealed record TotalHits(long Value, TotalHitsRelation Relation);

public sealed class TotalHitsConverter : JsonConverter<TotalHits>
{
    public override TotalHits Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new TotalHits(reader.GetInt64(), TotalHitsRelation.Eq);
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"hits.total must be a number or an object, not {reader.TokenType}.");
        }
        long value = 0;
        var relation = TotalHitsRelation.Eq;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "value":
                    value = reader.GetInt64();
                    break;
                case "relation":
                    relation = reader.GetString() == "gte" ? TotalHitsRelation.Gte : TotalHitsRelation.Eq;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return new TotalHits(value, relation);
    }

    public override void Write(Utf8JsonWriter writer, TotalHits value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("value", value.Value);
        writer.WriteString("relation", value.Relation == TotalHitsRelation.Gte ? "gte" : "eq");
        writer.WriteEndObject();
    }
}
