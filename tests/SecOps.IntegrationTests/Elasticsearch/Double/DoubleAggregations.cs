using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>
/// The aggregations SecOps's on-demand queries ask for, computed exactly over every document the query matched (one shard, so
/// terms counts have no error): <c>terms</c> (by count, then key), <c>min</c>/<c>max</c>, <c>date_histogram</c> in UTC (fixed or
/// calendar interval, empty buckets and <c>extended_bounds</c>), <c>cardinality</c> (exact, as Elasticsearch is below its precision
/// threshold) and <c>percentiles</c> (linear interpolation between closest ranks, not Elasticsearch's TDigest: assert only
/// percentiles every method agrees on). Sub-aggregations nest. Any other type is refused, never ignored.
/// </summary>
public static partial class DoubleAggregations
{
    private static readonly double[] DefaultPercents = [1, 5, 25, 50, 75, 95, 99];

    public static JsonObject Run(JsonObject aggregations, IReadOnlyList<AggregationDoc> docs)
    {
        var result = new JsonObject();
        foreach (var (name, node) in aggregations)
        {
            if (node is not JsonObject spec)
            {
                throw DoubleError.Parsing($"Expected [START_OBJECT] under [{name}]");
            }
            var (kind, body) = spec.Where(p => p.Key is not ("aggs" or "aggregations" or "meta")).Select(p => (p.Key, p.Value as JsonObject)).SingleOrDefault();
            if (kind is null || body is null)
            {
                throw DoubleError.Parsing($"Missing definition for aggregation [{name}]");
            }
            var subAggregations = (spec["aggs"] ?? spec["aggregations"]) as JsonObject;
            result[name] = kind switch
            {
                "terms" => Terms(body, docs, subAggregations),
                "min" or "max" => MinMax(body, docs, kind == "min"),
                "date_histogram" => DateHistogram(body, docs, subAggregations),
                "cardinality" => new JsonObject { ["value"] = docs.SelectMany(d => Keys(d, Field(body), kind)).Distinct().Count() },
                "percentiles" => Percentiles(body, docs),
                _ => throw DoubleError.Parsing($"the Elasticsearch double does not compute [{kind}] aggregations"),
            };
        }
        return result;
    }

    private static JsonObject Terms(JsonObject body, IReadOnlyList<AggregationDoc> docs, JsonObject? subAggregations)
    {
        var field = Field(body);
        var size = body["size"]?.GetValue<int>() ?? 10;
        var groups = new Dictionary<FieldKey, (FieldMapping Mapping, List<AggregationDoc> Docs)>();
        foreach (var doc in docs)
        {
            foreach (var key in Keys(doc, field, "terms").Distinct())
            {
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = (doc.Index.Lookup(field)!.Value.Mapping, []);
                }
                group.Docs.Add(doc);
            }
        }
        var ordered = groups.OrderByDescending(g => g.Value.Docs.Count).ThenBy(g => g.Key).ToList();
        var buckets = new JsonArray();
        foreach (var (key, (mapping, members)) in ordered.Take(size))
        {
            var bucket = KeyOf(mapping, key);
            bucket["doc_count"] = members.Count;
            Nest(bucket, subAggregations, members);
            buckets.Add(bucket);
        }
        return new JsonObject
        {
            ["doc_count_error_upper_bound"] = 0,
            ["sum_other_doc_count"] = ordered.Skip(size).Sum(g => g.Value.Docs.Count),
            ["buckets"] = buckets,
        };
    }

    private static JsonObject MinMax(JsonObject body, IReadOnlyList<AggregationDoc> docs, bool min)
    {
        var field = Field(body);
        var values = docs.SelectMany(d => Keys(d, field, min ? "min" : "max").Select(k => (Mapping: d.Index.Lookup(field)!.Value.Mapping, Key: k))).ToList();
        if (values.Count == 0)
        {
            return new JsonObject { ["value"] = null };
        }
        var (mapping, key) = min ? values.MinBy(v => v.Key) : values.MaxBy(v => v.Key);
        if (!mapping.IsDate)
        {
            return new JsonObject { ["value"] = key.AsDouble };
        }
        return new JsonObject { ["value"] = (double)DateFormat.FloorDiv(key.Whole, DateFormat.NanosPerMilli), ["value_as_string"] = mapping.Format.Format(key.Whole) };
    }

    private static JsonObject DateHistogram(JsonObject body, IReadOnlyList<AggregationDoc> docs, JsonObject? subAggregations)
    {
        var field = Field(body);
        if (body["time_zone"] is not null || body["offset"] is not null)
        {
            throw DoubleError.BadRequest("the Elasticsearch double computes date_histogram in UTC only (no time_zone, no offset)");
        }
        var floor = Interval(body);
        var groups = new SortedDictionary<long, List<AggregationDoc>>();
        DateFormat? format = null;
        foreach (var doc in docs)
        {
            var mapping = doc.Index.Lookup(field)?.Mapping;
            if (mapping is { IsDate: false })
            {
                throw DoubleError.BadRequest($"Field [{field}] of type [{mapping.Type}] is not supported for aggregation [date_histogram]");
            }
            format ??= mapping?.Format;
            foreach (var millis in Keys(doc, field, "date_histogram").Select(k => (long)DateFormat.FloorDiv(k.Whole, DateFormat.NanosPerMilli)).Select(floor.Floor).Distinct())
            {
                (groups.TryGetValue(millis, out var members) ? members : groups[millis] = []).Add(doc);
            }
        }
        var minDocCount = body["min_doc_count"]?.GetValue<long>() ?? 0;
        if (minDocCount == 0)
        {
            var bounds = body["extended_bounds"] as JsonObject;
            var keys = groups.Keys.Concat(new[] { bounds?["min"], bounds?["max"] }.OfType<JsonValue>().Select(v => floor.Floor(Millis(v)))).ToList();
            for (var key = keys.Count == 0 ? long.MaxValue : keys.Min(); keys.Count > 0 && key <= keys.Max(); key = floor.Next(key))
            {
                groups.TryAdd(key, []);
            }
        }
        var buckets = new JsonArray();
        foreach (var (key, members) in groups.Where(g => g.Value.Count >= minDocCount))
        {
            var bucket = new JsonObject
            {
                ["key_as_string"] = (body["format"]?.GetValue<string>() is { } f ? DateFormat.Of(f) : format ?? DateFormat.Of(null)).Format(key * DateFormat.NanosPerMilli),
                ["key"] = key,
                ["doc_count"] = members.Count,
            };
            Nest(bucket, subAggregations, members);
            buckets.Add(bucket);
        }
        return new JsonObject { ["buckets"] = buckets };
    }

    private static JsonObject Percentiles(JsonObject body, IReadOnlyList<AggregationDoc> docs)
    {
        var field = Field(body);
        var values = docs.SelectMany(d => Keys(d, field, "percentiles")).Select(k => k.AsDouble).Order().ToList();
        var percents = body["percents"] is JsonArray list ? [.. list.Select(p => p!.GetValue<double>())] : DefaultPercents;
        var result = new JsonObject();
        foreach (var percent in percents)
        {
            var rank = percent / 100 * (values.Count - 1);
            var (low, high) = ((int)Math.Floor(rank), (int)Math.Ceiling(rank));
            double? value = values.Count == 0 ? null : values[low] + (values[high] - values[low]) * (rank - low);
            // Java prints a double with at least one decimal: 50.0, 99.9.
            result[percent % 1 == 0 ? percent.ToString("0", CultureInfo.InvariantCulture) + ".0" : percent.ToString("R", CultureInfo.InvariantCulture)] = value;
        }
        return new JsonObject { ["values"] = result };
    }

    private static void Nest(JsonObject bucket, JsonObject? subAggregations, List<AggregationDoc> members)
    {
        if (subAggregations is not null)
        {
            foreach (var (name, value) in Run(subAggregations, members))
            {
                bucket[name] = value?.DeepClone();
            }
        }
    }

    /// <summary>The field's indexed values in this document's index; none where it is unmapped. Text has no doc values.</summary>
    private static IEnumerable<FieldKey> Keys(AggregationDoc doc, string field, string kind)
    {
        if (doc.Index.Lookup(field) is not { } mapped)
        {
            return [];
        }
        if (mapped.Mapping.IsText)
        {
            throw DoubleError.BadRequest($"Fielddata is disabled on [{field}] in [{doc.Index.Name}]. Text fields are not optimised for operations that require "
                + "per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead.");
        }
        if (kind is "min" or "max" or "percentiles" && !(mapped.Mapping.IsNumeric || mapped.Mapping.IsDate))
        {
            throw DoubleError.BadRequest($"Field [{field}] of type [{mapped.Mapping.Type}] is not supported for aggregation [{kind}]");
        }
        return FieldAccess.Values(doc.Source, mapped.SourcePath).Select(mapped.Mapping.DocumentKey).OfType<FieldKey>();
    }

    /// <summary>A bucket's key as Elasticsearch prints it: dates as epoch millis with an ISO string, booleans as 1/0 with "true"/"false".</summary>
    private static JsonObject KeyOf(FieldMapping mapping, FieldKey key)
    {
        if (mapping.IsDate)
        {
            return new JsonObject { ["key"] = (long)DateFormat.FloorDiv(key.Whole, DateFormat.NanosPerMilli), ["key_as_string"] = mapping.Format.Format(key.Whole) };
        }
        if (mapping.Type == "boolean")
        {
            return new JsonObject { ["key"] = (long)key.Whole, ["key_as_string"] = key.Whole == 1 ? "true" : "false" };
        }
        return new JsonObject { ["key"] = mapping.SortValue(key, null, null) };
    }

    private static string Field(JsonObject body) =>
        body["field"]?.GetValue<string>() ?? throw DoubleError.BadRequest("the Elasticsearch double needs [field] on every aggregation (no scripts)");

    private static long Millis(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number ? value.GetValue<long>()
            : DateFormat.Of(null).TryParse(value.GetValue<string>(), false, out var nanos) ? (long)DateFormat.FloorDiv(nanos, DateFormat.NanosPerMilli)
            : throw DoubleError.BadRequest($"failed to parse extended_bounds [{value}]");

    private static HistogramInterval Interval(JsonObject body)
    {
        if (body["fixed_interval"]?.GetValue<string>() is { } fixedText)
        {
            var match = FixedPattern().Match(fixedText);
            if (!match.Success)
            {
                throw DoubleError.BadRequest($"failed to parse setting [date_histogram.fixedInterval] with value [{fixedText}] as a time value");
            }
            var unit = match.Groups[2].Value switch { "ms" => 1L, "s" => 1_000L, "m" => 60_000L, "h" => 3_600_000L, _ => 86_400_000L };
            return new HistogramInterval(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * unit, null);
        }
        var calendar = body["calendar_interval"]?.GetValue<string>() switch
        {
            "minute" or "1m" => "minute",
            "hour" or "1h" => "hour",
            "day" or "1d" => "day",
            "week" or "1w" => "week",
            "month" or "1M" => "month",
            "quarter" or "1q" => "quarter",
            "year" or "1y" => "year",
            null => throw DoubleError.BadRequest("Invalid interval specified, must be non-null and non-empty"),
            var other => throw DoubleError.BadRequest($"The supplied interval [{other}] could not be parsed as a calendar interval."),
        };
        return new HistogramInterval(null, calendar);
    }

    [GeneratedRegex(@"^(\d+)(ms|s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex FixedPattern();

    /// <summary>Bucket arithmetic in UTC: a fixed width in milliseconds, or a calendar unit (weeks start on Monday).</summary>
    private sealed record HistogramInterval(long? FixedMillis, string? Calendar)
    {
        public long Floor(long millis)
        {
            if (FixedMillis is { } width)
            {
                return (long)DateFormat.FloorDiv(millis, width) * width;
            }
            var t = DateTimeOffset.FromUnixTimeMilliseconds(millis);
            var start = Calendar switch
            {
                "minute" => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero),
                "hour" => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero),
                "day" => new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero),
                "week" => new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-(((int)t.DayOfWeek + 6) % 7)),
                "month" => new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero),
                "quarter" => new DateTimeOffset(t.Year, (t.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero),
                _ => new DateTimeOffset(t.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
            };
            return start.ToUnixTimeMilliseconds();
        }

        public long Next(long bucket)
        {
            if (FixedMillis is { } width)
            {
                return bucket + width;
            }
            var t = DateTimeOffset.FromUnixTimeMilliseconds(bucket);
            return (Calendar switch
            {
                "minute" => t.AddMinutes(1),
                "hour" => t.AddHours(1),
                "day" => t.AddDays(1),
                "week" => t.AddDays(7),
                "month" => t.AddMonths(1),
                "quarter" => t.AddMonths(3),
                _ => t.AddYears(1),
            }).ToUnixTimeMilliseconds();
        }
    }
}

/// <summary>A document an aggregation sees: its index (for mappings) and its searchable source.</summary>
public readonly record struct AggregationDoc(DoubleIndex Index, JsonObject Source);
