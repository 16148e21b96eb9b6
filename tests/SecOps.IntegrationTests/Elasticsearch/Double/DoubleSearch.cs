using System.Globalization;
using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>
/// <c>_search</c> over the double's indices: query, sort on several keys, <c>search_after</c>, from/size,
/// <c>track_total_hits</c> (10,000 by default, relation gte beyond), <c>_source</c> filtering, Elasticsearch's request limits and the
/// aggregations <see cref="DoubleAggregations"/> computes.
/// </summary>
public static class DoubleSearch
{
    private const int DefaultTrackTotalHits = 10_000;

    public static JsonObject Run(DoubleStore store, string? indexExpression, IReadOnlyDictionary<string, string> parameters, JsonObject? body)
    {
        body ??= [];
        string? Param(string name) => parameters.TryGetValue(name, out var value) ? value : body[name]?.ToString();
        var size = Int(Param("size")) ?? 10;
        var from = Int(Param("from")) ?? 0;
        var asInt = Param("rest_total_hits_as_int") is "true" or "";
        var track = TrackTotalHits(Param("track_total_hits"), asInt);
        if (from < 0)
        {
            throw DoubleError.BadRequest($"[from] parameter cannot be negative, found [{from}]");
        }
        var sorts = DoubleSort.Parse(body["sort"]);
        var searchAfter = body["search_after"] as JsonArray;
        if (searchAfter is not null && (from > 0 || searchAfter.Count != sorts.Count))
        {
            throw DoubleError.BadRequest(from > 0 ? "[from] parameter must be set to 0 when [search_after] is used"
                : $"search_after has {searchAfter.Count} value(s) but sort has {sorts.Count}.");
        }
        lock (store.Gate)
        {
            var indices = store.Resolve(indexExpression);
            foreach (var index in indices)
            {
                DoubleLimits.Check(index, body, parameters, size, from);
            }
            var matches = new List<Match>();
            foreach (var index in indices)
            {
                var predicate = new DoubleQuery(store, index).Compile(body["query"]);
                var mappings = sorts.Select(s => s.MappingIn(index).Mapping).ToList();
                var after = searchAfter is null ? null
                    : sorts.Select((s, i) => searchAfter[i] is null ? (FieldKey?)null : mappings[i].SearchAfterKey(searchAfter[i], s.Format, s.NumericType)).ToList();
                foreach (var document in index.Documents.Values)
                {
                    if (store.SearchableVersion(document) is not { } version || !predicate(new SearchDoc(document.Id, version.Source)))
                    {
                        continue;
                    }
                    var keys = sorts.Select(s => s.KeyOf(index, document, version.Source)).ToList();
                    matches.Add(new Match(index, document, version, keys, mappings, after is null || Compare(sorts, keys, after) > 0));
                }
            }
            var total = matches.Count;
            var page = matches.Where(m => m.AfterCursor).ToList();
            page.Sort((x, y) => sorts.Count == 0 ? x.Document.Ordinal.CompareTo(y.Document.Ordinal) : Compare(sorts, x.Keys, y.Keys));
            var hits = new JsonArray([.. page.Skip(from).Take(size).Select(m => Hit(m, sorts, body, parameters))]);
            var response = new JsonObject
            {
                ["took"] = 1,
                ["timed_out"] = false,
                ["_shards"] = new JsonObject { ["total"] = indices.Count, ["successful"] = indices.Count, ["skipped"] = 0, ["failed"] = 0 },
                ["hits"] = Hits(total, track, asInt, sorts.Count == 0 && hits.Count > 0 ? 1.0 : null, hits),
            };
            // Aggregations see every document the query matched, whatever from, size and search_after select for the hits.
            if ((body["aggs"] ?? body["aggregations"]) is JsonObject aggregations)
            {
                response["aggregations"] = DoubleAggregations.Run(aggregations, [.. matches.Select(m => new AggregationDoc(m.Index, m.Version.Source))]);
            }
            return response;
        }
    }

    private static JsonObject Hits(int total, int? track, bool asInt, double? maxScore, JsonArray hits)
    {
        var result = new JsonObject();
        if (asInt)
        {
            result["total"] = track is null ? -1 : total;
        }
        else if (track is { } limit)
        {
            result["total"] = new JsonObject { ["value"] = Math.Min(total, limit), ["relation"] = total > limit ? "gte" : "eq" };
        }
        result["max_score"] = maxScore;
        result["hits"] = hits;
        return result;
    }

    /// <summary>The count limit, int.MaxValue for exact, or null when not counting.</summary>
    private static int? TrackTotalHits(string? value, bool asInt)
    {
        switch (value)
        {
            case null:
                return asInt ? int.MaxValue : DefaultTrackTotalHits;
            case "true" or "-1":
                return int.MaxValue;
            case "false":
                return null;
        }
        var limit = Int(value) ?? throw DoubleError.BadRequest($"[track_total_hits] must be a boolean or an integer, got {value}");
        if (limit < -1)
        {
            throw DoubleError.BadRequest($"[track_total_hits] parameter must be positive or equals to -1, got {limit}");
        }
        if (asInt)
        {
            throw DoubleError.BadRequest($"[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got {limit}");
        }
        return limit;
    }

    private static JsonObject Hit(Match match, List<DoubleSort> sorts, JsonObject body, IReadOnlyDictionary<string, string> parameters)
    {
        var hit = new JsonObject
        {
            ["_index"] = match.Index.Name,
            ["_id"] = match.Document.Id,
            ["_score"] = sorts.Count == 0 ? 1.0 : null,
        };
        if (body["seq_no_primary_term"]?.GetValue<bool>() == true || parameters.GetValueOrDefault("seq_no_primary_term") == "true")
        {
            hit["_seq_no"] = match.Version.SeqNo;
            hit["_primary_term"] = 1;
        }
        if (SourceFilter.Apply(match.Version.Source, body["_source"], parameters) is { } source)
        {
            hit["_source"] = source;
        }
        if (sorts.Count > 0)
        {
            hit["sort"] = new JsonArray([.. sorts.Select((s, i) => s.Print(match.Mappings[i], match.Keys[i]))]);
        }
        return hit;
    }

    private static int Compare(List<DoubleSort> sorts, List<FieldKey?> x, List<FieldKey?> y)
    {
        for (var i = 0; i < sorts.Count; i++)
        {
            var result = sorts[i].Compare(x[i], y[i]);
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    private static int? Int(string? value) =>
        value is null ? null : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw DoubleError.BadRequest($"Failed to parse int parameter with value [{value}]");

    private sealed record Match(DoubleIndex Index, StoredDocument Document, DocumentVersion Version, List<FieldKey?> Keys, List<FieldMapping> Mappings, bool AfterCursor);
}
