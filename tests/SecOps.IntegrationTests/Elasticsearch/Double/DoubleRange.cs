using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>
/// The range query. Date bounds are read with the query's <c>format</c> (numbers too, as text) or else the field's;
/// <c>gt</c> and <c>lte</c> round up, so <c>lte: 1500</c> with <c>uuuu</c> ends at 1500-01-01T23:59:59.999 as in Elasticsearch.
/// </summary>
public static class DoubleRange
{
    public static Func<SearchDoc, bool> Compile(DoubleIndex index, JsonNode? body)
    {
        if (body is not JsonObject { Count: 1 } o || o.First().Value is not JsonObject spec)
        {
            throw DoubleError.Parsing("[range] query malformed, expected one field with an object of bounds");
        }
        var field = o.First().Key;
        if (index.Lookup(field) is not { } mapped)
        {
            return _ => false;
        }
        var (mapping, path) = mapped;
        var format = spec["format"]?.GetValue<string>();
        var includeLower = spec["include_lower"]?.GetValue<bool>() ?? true;
        var includeUpper = spec["include_upper"]?.GetValue<bool>() ?? true;
        FieldKey? Bound(string name, bool roundUp) =>
            spec.TryGetPropertyValue(name, out var value) && value is not null ? mapping.QueryKey(value, format, roundUp) : null;
        var gt = Bound("gt", true) ?? (includeLower ? null : Bound("from", true));
        var gte = Bound("gte", false) ?? (includeLower ? Bound("from", false) : null);
        var lt = Bound("lt", false) ?? (includeUpper ? null : Bound("to", false));
        var lte = Bound("lte", true) ?? (includeUpper ? Bound("to", true) : null);
        bool InRange(FieldKey key) =>
            (gt is null || key.CompareTo(gt.Value) > 0) && (gte is null || key.CompareTo(gte.Value) >= 0)
            && (lt is null || key.CompareTo(lt.Value) < 0) && (lte is null || key.CompareTo(lte.Value) <= 0);
        return doc => FieldAccess.Values(doc.Source, path).Select(mapping.DocumentKey).Any(k => k is { } key && InRange(key));
    }
}
