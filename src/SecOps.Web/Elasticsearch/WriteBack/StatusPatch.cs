using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Elasticsearch.WriteBack;

/// <summary>
/// The partial document (<c>_update</c>'s <c>doc</c>) that sets a status on a source document. Elasticsearch merges a
/// partial document by literal key, so each field is written under the key path the document already uses for it:
/// Kibana's alerts keep <c>"kibana.alert.workflow_status"</c> as one dotted key, and writing a nested object there
/// would give the field a second value. A field the document does not have yet is written as one dotted key, as Kibana does.
/// </summary>
public static class StatusPatch
{
    public static JsonObject Build(WriteBackFields fields, JsonElement? source, AlertStatus status, DateTimeOffset changedAt)
    {
        var patch = new JsonObject();
        Set(patch, source, fields.StatusField, JsonValue.Create(AlertVocabulary.ToWire(status)));
        if (fields.StatusTimeField is { } timeField)
        {
            Set(patch, source, timeField, JsonValue.Create(FormatTime(changedAt)));
        }
        if (fields.UserField is { } userField)
        {
            Set(patch, source, userField, null);
        }
        return patch;
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as Kibana writes <c>workflow_status_updated_at</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The keys under which <paramref name="field"/> is stored in <paramref name="source"/>, or null when it is not there.</summary>
    public static IReadOnlyList<string>? Locate(JsonElement? source, string field) =>
        source is { ValueKind: JsonValueKind.Object } root ? Locate(root, field.Split('.'), 0) : null;

    private static List<string>? Locate(JsonElement node, string[] segments, int start)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        // "a.b.c" may be stored as one dotted key, as a → b → c, or any mix; the longest key is tried first.
        for (var end = segments.Length - 1; end >= start; end--)
        {
            if (!node.TryGetProperty(string.Join('.', segments[start..(end + 1)]), out var child))
            {
                continue;
            }
            var key = string.Join('.', segments[start..(end + 1)]);
            if (end == segments.Length - 1)
            {
                return [key];
            }
            if (Locate(child, segments, end + 1) is { } rest)
            {
                return [key, .. rest];
            }
        }
        return null;
    }

    private static void Set(JsonObject patch, JsonElement? source, string field, JsonNode? value)
    {
        var keys = Locate(source, field) ?? [field];
        var node = patch;
        foreach (var key in keys.Take(keys.Count - 1))
        {
            if (node[key] is not JsonObject child)
            {
                child = new JsonObject();
                node[key] = child;
            }
            node = child;
        }
        node[keys[^1]] = value;
    }
}
