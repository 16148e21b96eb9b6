using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>One sort key of a search, parsed from any of the forms Elasticsearch accepts.</summary>
public sealed record DoubleSort(string Field, bool Descending, string? Format, string? UnmappedType, string? NumericType, bool MissingFirst)
{
    public static List<DoubleSort> Parse(JsonNode? sort) => sort switch
    {
        null => [],
        JsonArray array => [.. array.Select(ParseOne)],
        _ => [ParseOne(sort)],
    };

    private static DoubleSort ParseOne(JsonNode? node)
    {
        var (field, spec) = node switch
        {
            JsonValue v => (v.GetValue<string>(), (JsonNode?)null),
            JsonObject { Count: 1 } o => (o.First().Key, o.First().Value),
            _ => throw DoubleError.Parsing($"malformed sort [{node?.ToJsonString()}]"),
        };
        if (field == "_id")
        {
            // Elasticsearch 8 has no fielddata on _id unless a cluster setting turns it back on.
            throw DoubleError.BadRequest("Fielddata access on the _id field is disallowed, you can re-enable it by updating the dynamic cluster setting: indices.id_field_data.enabled");
        }
        var options = spec as JsonObject;
        var order = spec is JsonValue direct ? direct.GetValue<string>() : options?["order"]?.GetValue<string>();
        return new DoubleSort(field, (order ?? (field == "_score" ? "desc" : "asc")) == "desc",
            options?["format"]?.GetValue<string>(), options?["unmapped_type"]?.GetValue<string>(), options?["numeric_type"]?.GetValue<string>(),
            options?["missing"]?.ToString() == "_first");
    }

    /// <summary>The key of a document for this sort in <paramref name="index"/>: the min (asc) or max (desc) of its values, null when missing.</summary>
    public FieldKey? KeyOf(DoubleIndex index, StoredDocument document, JsonObject source)
    {
        switch (Field)
        {
            case "_doc" or "_shard_doc":
                return FieldKey.Of((Int128)document.Ordinal);
            case "_score":
                return FieldKey.Of(1.0);
        }
        var (mapping, path) = MappingIn(index);
        var keys = FieldAccess.Values(source, path).Select(mapping.DocumentKey).OfType<FieldKey>().ToList();
        return keys.Count == 0 ? null : Descending ? keys.Max() : keys.Min();
    }

    public (FieldMapping Mapping, string SourcePath) MappingIn(DoubleIndex index)
    {
        if (Field is "_doc" or "_shard_doc" or "_score")
        {
            return (new FieldMapping("long"), Field);
        }
        if (index.Lookup(Field) is { } mapped)
        {
            if (mapped.Mapping.IsText)
            {
                throw DoubleError.BadRequest($"Fielddata is disabled on [{Field}] in [{index.Name}]. Text fields are not optimised for operations that require "
                    + "per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead.");
            }
            return mapped;
        }
        return UnmappedType is null
            ? throw new DoubleError(400, "query_shard_exception", $"No mapping found for [{Field}] in order to sort on", new JsonObject { ["index"] = index.Name })
            : (new FieldMapping(UnmappedType), Field);
    }

    /// <summary>Orders two keys for this sort; missing values go last unless <c>missing: _first</c>.</summary>
    public int Compare(FieldKey? x, FieldKey? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null ? 0 : (x is null ? 1 : -1) * (MissingFirst ? -1 : 1);
        }
        var result = x.Value.CompareTo(y.Value);
        return Descending ? -result : result;
    }

    /// <summary>What Elasticsearch prints for a key; a missing numeric value prints as Long.MAX_VALUE (asc) or Long.MIN_VALUE (desc).</summary>
    public JsonNode? Print(FieldMapping mapping, FieldKey? key)
    {
        if (key is null)
        {
            return mapping.IsNumeric || mapping.IsDate ? JsonValue.Create(Descending ? long.MinValue : long.MaxValue) : null;
        }
        return mapping.SortValue(key.Value, Format, NumericType);
    }
}
