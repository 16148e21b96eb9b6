using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

public static class DoubleDocuments
{
    /// <summary>A partial update as <c>_update</c> applies it: objects merge recursively, everything else is replaced.</summary>
    public static JsonObject Merge(JsonObject current, JsonObject partial)
    {
        var result = (JsonObject)current.DeepClone();
        foreach (var (key, value) in partial)
        {
            result[key] = result[key] is JsonObject existing && value is JsonObject patch ? Merge(existing, patch) : value?.DeepClone();
        }
        return result;
    }

    /// <summary>The single-document write answer (index, create, update).</summary>
    public static JsonObject WriteResult(DoubleIndex index, StoredDocument document, string result) => new()
    {
        ["_index"] = index.Name,
        ["_id"] = document.Id,
        ["_version"] = document.Latest.Version,
        ["result"] = result,
        ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 },
        ["_seq_no"] = document.Latest.SeqNo,
        ["_primary_term"] = 1,
    };
}
