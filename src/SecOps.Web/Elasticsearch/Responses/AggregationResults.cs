using System.Globalization;
using System.Text.Json;

namespace SecOps.Web.Elasticsearch.Responses;

/// <summary>Typed readers over an <c>aggregations</c> object (or a bucket, whose sub-aggregations sit beside <c>key</c>).</summary>
public readonly struct AggregationResults(JsonElement? raw)
{
    public JsonElement? Raw { get; } = raw;

    public bool Contains(string name) => TryGet(name, out _);

    public JsonElement this[string name] =>
        TryGet(name, out var value) ? value : throw new KeyNotFoundException($"No aggregation named '{name}'.");

    public IReadOnlyList<TermsBucket> Terms(string name) =>
        [.. Buckets(name).Select(b => new TermsBucket(
            b.GetProperty("key").Clone(), StringOrNull(b, "key_as_string"), b.GetProperty("doc_count").GetInt64(), new AggregationResults(b.Clone())))];

    public IReadOnlyList<DateHistogramBucket> DateHistogram(string name) =>
        [.. Buckets(name).Select(b => new DateHistogramBucket(
            b.GetProperty("key").GetInt64(), StringOrNull(b, "key_as_string"), b.GetProperty("doc_count").GetInt64(), new AggregationResults(b.Clone())))];

    /// <summary><c>sum_other_doc_count</c> of a terms aggregation: documents in buckets that were not returned.</summary>
    public long SumOtherDocCount(string name) =>
        this[name].TryGetProperty("sum_other_doc_count", out var v) ? v.GetInt64() : 0;

    /// <summary>Percentile to value; a value is null when no document had the field. Accepts keyed and <c>keyed: false</c> forms.</summary>
    public IReadOnlyDictionary<double, double?> Percentiles(string name)
    {
        var values = this[name].GetProperty("values");
        var result = new SortedDictionary<double, double?>();
        if (values.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in values.EnumerateArray())
            {
                result[item.GetProperty("key").GetDouble()] = NumberOrNull(item.GetProperty("value"));
            }
            return result;
        }
        foreach (var property in values.EnumerateObject().Where(p => !p.Name.EndsWith("_as_string", StringComparison.Ordinal)))
        {
            result[double.Parse(property.Name, CultureInfo.InvariantCulture)] = NumberOrNull(property.Value);
        }
        return result;
    }

    /// <summary>Approximate distinct count (HyperLogLog++ above the precision threshold).</summary>
    public long Cardinality(string name) => this[name].GetProperty("value").GetInt64();

    /// <summary>A single-value metric (sum, avg, min, max); null when no document had the field.</summary>
    public double? Value(string name) => NumberOrNull(this[name].GetProperty("value"));

    /// <summary>
    /// A min or max over a date field as a time: Elasticsearch gives epoch milliseconds as <c>value</c> (a double) and the
    /// formatted date as <c>value_as_string</c>; null when no document had the field or the value is out of range.
    /// </summary>
    public DateTimeOffset? Time(string name) =>
        Value(name) is { } ms && ms is >= -62135596800000d and <= 253402300799999d ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(ms)) : null;

    /// <summary><c>doc_count</c> of a single-bucket aggregation (missing, filter).</summary>
    public long DocCount(string name) => this[name].GetProperty("doc_count").GetInt64();

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return Raw is { ValueKind: JsonValueKind.Object } raw && raw.TryGetProperty(name, out value);
    }

    private IEnumerable<JsonElement> Buckets(string name)
    {
        var buckets = this[name].GetProperty("buckets");
        // keyed: true turns the bucket array into an object keyed by the bucket key.
        return buckets.ValueKind == JsonValueKind.Array
            ? buckets.EnumerateArray()
            : buckets.EnumerateObject().Select(p => p.Value);
    }

    private static string? StringOrNull(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? NumberOrNull(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}

/// <summary>A terms bucket; <see cref="Key"/> stays a JSON value because keys can be strings or (64-bit) numbers.</summary>
public sealed record TermsBucket(JsonElement Key, string? KeyAsString, long DocCount, AggregationResults Aggregations)
{
    public string KeyText => KeyAsString ?? (Key.ValueKind == JsonValueKind.String ? Key.GetString()! : Key.GetRawText());
}

/// <summary>A date_histogram bucket; <see cref="Key"/> is epoch milliseconds.</summary>
public sealed record DateHistogramBucket(long Key, string? KeyAsString, long DocCount, AggregationResults Aggregations)
{
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeMilliseconds(Key);
}
