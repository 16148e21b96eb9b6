using System.Text.Json;
using System.Text.Json.Nodes;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Presets;

/// <summary>
/// Applies a preset's field mappings to a source document before <see cref="AlertDocumentMapper"/> reads it: each
/// mapping that finds a value writes it under its ECS name (a dotted top-level key, which the mapper reads like a
/// nested one). Fields the document already has are never overwritten, and an unchanged document is returned as is.
/// </summary>
public static class PresetDocument
{
    public static JsonElement Apply(SourcePreset preset, JsonElement document)
    {
        if (preset.FieldMappings.Count == 0 || document.ValueKind != JsonValueKind.Object)
        {
            return document;
        }
        var flat = new FlatDocument(document);
        var written = new HashSet<string>(StringComparer.Ordinal);
        JsonObject? rewritten = null;
        foreach (var mapping in preset.FieldMappings)
        {
            if (written.Contains(mapping.Target) || flat.Get(mapping.Target) is not null || ValueOf(flat, mapping) is not { } value)
            {
                continue;
            }
            rewritten ??= JsonNode.Parse(document.GetRawText())!.AsObject();
            rewritten[mapping.Target] = value;
            written.Add(mapping.Target);
        }
        return rewritten is null ? document : JsonSerializer.SerializeToElement(rewritten, PresetJsonContext.Default.JsonObject);
    }

    private static JsonNode? ValueOf(FlatDocument flat, PresetFieldMapping mapping)
    {
        foreach (var path in mapping.From)
        {
            if (flat.Get(path) is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }
            if (mapping.Values is null)
            {
                return JsonNode.Parse(value.GetRawText());
            }
            if (FlatDocument.AsString(value) is { } text && mapping.Values.TryGetValue(text, out var translated))
            {
                return JsonValue.Create(translated);
            }
        }
        return null;
    }
}
