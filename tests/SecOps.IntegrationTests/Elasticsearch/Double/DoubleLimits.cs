using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>Elasticsearch's per-index request limits, with its exact messages (30_limits.yml checks them).</summary>
public static class DoubleLimits
{
    public static void Check(DoubleIndex index, JsonObject body, IReadOnlyDictionary<string, string> parameters, int size, int from)
    {
        var window = index.Setting("index.max_result_window", 10_000);
        if (parameters.ContainsKey("scroll") && size > window)
        {
            throw DoubleError.BadRequest($"Batch size is too large, size must be less than or equal to: [{window}] but was [{size}]. "
                + "Scroll batch sizes cost as much memory as result windows so they are controlled by the [index.max_result_window] index level setting.");
        }
        if (!parameters.ContainsKey("scroll") && from + size > window)
        {
            throw DoubleError.BadRequest($"Result window is too large, from + size must be less than or equal to: [{window}] but was [{from + size}]. "
                + "See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.");
        }
        var rescoreWindow = index.Setting("index.max_rescore_window", 10_000);
        foreach (var rescore in body["rescore"] switch { JsonArray a => [.. a], JsonObject o => [o], _ => new List<JsonNode?>() })
        {
            if (rescore?["window_size"]?.GetValue<int>() is { } windowSize && windowSize > rescoreWindow)
            {
                throw DoubleError.BadRequest($"Rescore window [{windowSize}] is too large. It must be less than [{rescoreWindow}]. This prevents allocating massive heaps "
                    + "for storing the results to be rescored. This limit can be set by changing the [index.max_rescore_window] index level setting.");
            }
        }
        CheckCount(index, "docvalue_fields", (body["docvalue_fields"] as JsonArray)?.Count ?? 0, "index.max_docvalue_fields_search", 100);
        CheckCount(index, "script_fields", (body["script_fields"] as JsonObject)?.Count ?? 0, "index.max_script_fields", 32);
    }

    private static void CheckCount(DoubleIndex index, string what, int count, string setting, int fallback)
    {
        var max = index.Setting(setting, fallback);
        if (count > max)
        {
            throw DoubleError.BadRequest($"Trying to retrieve too many {what}. Must be less than or equal to: [{max}] but was [{count}]. "
                + $"This limit can be set by changing the [{setting}] index level setting.");
        }
    }
}
