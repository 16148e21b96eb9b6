using System.Globalization;
using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>One in-memory index: mappings (explicit and dynamic), settings, and documents in indexing order.</summary>
public sealed class DoubleIndex
{
    private readonly Dictionary<string, FieldMapping> _mappings = new(StringComparer.Ordinal);

    // Multi-fields ("name.keyword") read their values from another path ("name").
    private readonly Dictionary<string, string> _multiFieldSources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);
    private long _nextSeqNo;

    public DoubleIndex(string name, long creationOrder, JsonObject? body)
    {
        Name = name;
        CreationOrder = creationOrder;
        if (body?["settings"] is JsonObject settings)
        {
            FlattenSettings(settings, "");
        }
        if (body?["mappings"]?["properties"] is JsonObject properties)
        {
            AddProperties(properties, "");
        }
    }

    public string Name { get; }
    public long CreationOrder { get; }
    public Dictionary<string, StoredDocument> Documents { get; } = new(StringComparer.Ordinal);

    public int Setting(string name, int fallback) =>
        _settings.TryGetValue(name, out var value) && int.TryParse(value, CultureInfo.InvariantCulture, out var number) ? number : fallback;

    /// <summary>The mapping that governs <paramref name="path"/> and the source path its values come from; null when unmapped.</summary>
    public (FieldMapping Mapping, string SourcePath)? Lookup(string path) =>
        _mappings.TryGetValue(path, out var mapping)
            ? (mapping, _multiFieldSources.GetValueOrDefault(path, path))
            : null;

    public long NextSeqNo() => _nextSeqNo++;

    /// <summary>Adds dynamic mappings for fields first seen in <paramref name="source"/>, as Elasticsearch does at index time.</summary>
    public void MapDynamically(JsonObject source)
    {
        foreach (var (path, value) in FieldAccess.Leaves(source, ""))
        {
            if (_mappings.ContainsKey(path))
            {
                continue;
            }
            var mapping = FieldMapping.Dynamic(value);
            _mappings[path] = mapping;
            if (mapping.IsText)
            {
                _mappings[path + ".keyword"] = new FieldMapping("keyword");
                _multiFieldSources[path + ".keyword"] = path;
            }
        }
    }

    private void AddProperties(JsonObject properties, string prefix)
    {
        foreach (var (name, definition) in properties)
        {
            var path = prefix + name;
            if (definition?["properties"] is JsonObject children)
            {
                AddProperties(children, path + ".");
            }
            if (definition?["type"]?.GetValue<string>() is { } type && type != "object" && type != "nested")
            {
                _mappings[path] = new FieldMapping(type, definition["format"]?.GetValue<string>());
            }
            foreach (var (subName, subDefinition) in definition?["fields"] as JsonObject ?? [])
            {
                _mappings[$"{path}.{subName}"] = new FieldMapping(subDefinition?["type"]?.GetValue<string>() ?? "keyword", subDefinition?["format"]?.GetValue<string>());
                _multiFieldSources[$"{path}.{subName}"] = path;
            }
        }
    }

    private void FlattenSettings(JsonObject settings, string prefix)
    {
        foreach (var (name, value) in settings)
        {
            if (value is JsonObject child)
            {
                FlattenSettings(child, prefix + name + ".");
                continue;
            }
            var key = prefix + name;
            _settings[key.StartsWith("index.", StringComparison.Ordinal) ? key : "index." + key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
        }
    }
}

/// <summary>A document: the latest version (realtime get, updates) and the one search sees, which changes on refresh.</summary>
public sealed class StoredDocument(string id, long ordinal)
{
    public string Id { get; } = id;
    public long Ordinal { get; } = ordinal;
    public required DocumentVersion Latest { get; set; }
    public DocumentVersion? Searchable { get; set; }
}

public sealed record DocumentVersion(JsonObject Source, long SeqNo, long Version, DateTimeOffset IndexedAt);
