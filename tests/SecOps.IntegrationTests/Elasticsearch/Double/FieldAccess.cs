using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>Reads a dotted field path from a source that mixes nested objects and dotted keys, as Elastic's alert documents do.</summary>
public static class FieldAccess
{
    /// <summary>Every scalar at <paramref name="path"/>, arrays flattened, nulls dropped.</summary>
    public static List<JsonValue> Values(JsonObject source, string path)
    {
        var values = new List<JsonValue>();
        Collect(source, path.Split('.'), 0, values);
        return values;
    }

    /// <summary>Every scalar leaf with its full dotted path (arrays flattened into their field).</summary>
    public static IEnumerable<(string Path, JsonValue Value)> Leaves(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var leaf in Leaves(child, path.Length == 0 ? key : $"{path}.{key}"))
                    {
                        yield return leaf;
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var leaf in Leaves(item, path))
                    {
                        yield return leaf;
                    }
                }
                break;
            case JsonValue value:
                yield return (path, value);
                break;
        }
    }

    private static void Collect(JsonNode? node, string[] segments, int start, List<JsonValue> into)
    {
        if (start == segments.Length)
        {
            Flatten(node, into);
            return;
        }
        switch (node)
        {
            case JsonObject obj:
                // "a.b.c" may be stored as a → b → c, as "a.b" → c, as "a.b.c", or any mix.
                for (var end = start; end < segments.Length; end++)
                {
                    if (obj.TryGetPropertyValue(string.Join('.', segments[start..(end + 1)]), out var child))
                    {
                        Collect(child, segments, end + 1, into);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, segments, start, into);
                }
                break;
        }
    }

    private static void Flatten(JsonNode? node, List<JsonValue> into)
    {
        switch (node)
        {
            case JsonValue value:
                into.Add(value);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Flatten(item, into);
                }
                break;
        }
    }
}
