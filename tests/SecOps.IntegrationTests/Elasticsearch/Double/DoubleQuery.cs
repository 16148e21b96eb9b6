using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>
/// Compiles the query DSL subset SecOps uses (bool, term, terms, range, exists, match, ids, prefix, regexp, match_all)
/// into a predicate over one index's documents, with Elasticsearch's limits checked even when nothing would match.
/// </summary>
public sealed class DoubleQuery(DoubleStore store, DoubleIndex index)
{
    public Func<SearchDoc, bool> Compile(JsonNode? query)
    {
        if (query is null)
        {
            return _ => true;
        }
        if (query is not JsonObject { Count: 1 } clause)
        {
            throw DoubleError.Parsing("query malformed, must start with start_object and hold exactly one query");
        }
        var (kind, body) = clause.First();
        return kind switch
        {
            "match_all" => _ => true,
            "match_none" => _ => false,
            "bool" => CompileBool(body as JsonObject ?? []),
            "term" => CompileTerm(body),
            "terms" => CompileTerms(body as JsonObject ?? []),
            "range" => DoubleRange.Compile(index, body),
            "exists" => CompileExists(body),
            "match" or "match_phrase" => CompileMatch(body, kind == "match_phrase"),
            "ids" => CompileIds(body),
            "prefix" => CompileString(body, (text, value, _) => text.StartsWith(value, StringComparison.Ordinal)),
            "regexp" => CompileRegexp(body),
            "query_string" => CompileQueryString(body),
            _ => throw DoubleError.Parsing($"unknown query [{kind}]"),
        };
    }

    private Func<SearchDoc, bool> CompileBool(JsonObject body)
    {
        List<Func<SearchDoc, bool>> Clauses(string name) => body[name] switch
        {
            JsonArray array => [.. array.Select(Compile)],
            JsonObject single => [Compile(single)],
            _ => [],
        };
        var required = Clauses("must").Concat(Clauses("filter")).ToList();
        var excluded = Clauses("must_not");
        var should = Clauses("should");
        var minimum = body["minimum_should_match"] is JsonValue m ? int.Parse(m.ToString(), System.Globalization.CultureInfo.InvariantCulture)
            : required.Count == 0 && should.Count > 0 ? 1 : 0;
        return doc => required.All(c => c(doc)) && !excluded.Any(c => c(doc)) && should.Count(c => c(doc)) >= minimum;
    }

    private Func<SearchDoc, bool> CompileTerm(JsonNode? body)
    {
        var (field, spec) = Single(body, "term");
        var value = spec is JsonObject o ? o["value"] : spec;
        var caseInsensitive = spec is JsonObject options && options["case_insensitive"]?.GetValue<bool>() == true;
        return Matcher(field, [value], caseInsensitive);
    }

    private Func<SearchDoc, bool> CompileTerms(JsonObject body)
    {
        var format = body["format"]?.GetValue<string>();
        var (field, spec) = body.Where(p => p.Key is not ("boost" or "format" or "_name")).Select(p => (p.Key, p.Value)).SingleOrDefault();
        if (field is null)
        {
            throw DoubleError.Parsing("[terms] query requires a field");
        }
        var values = spec switch
        {
            JsonArray array => [.. array],
            JsonObject lookup => Lookup(lookup),
            _ => throw DoubleError.Parsing($"[terms] query does not support [{field}] as a single value"),
        };
        if (format == "integer_bitmap")
        {
            if (index.Lookup(field) is not { Mapping.IsInteger: true })
            {
                throw DoubleError.BadRequest($"[format] [integer_bitmap] is only supported on integer fields, but [{field}] is not one");
            }
            values = [.. values.SelectMany(v => RoaringBitmap.Decode(Convert.FromBase64String(v!.GetValue<string>()))).Select(n => (JsonNode?)JsonValue.Create(n))];
        }
        var max = index.Setting("index.max_terms_count", 65536);
        if (values.Count > max)
        {
            throw DoubleError.BadRequest($"The number of terms [{values.Count}] used in the Terms Query request has exceeded the allowed maximum of [{max}]. "
                + "This maximum can be set by changing the [index.max_terms_count] index level setting.");
        }
        return Matcher(field, values, false);
    }

    /// <summary>Terms lookup: the values at <c>path</c> in another document, read in real time like a GET.</summary>
    private List<JsonNode?> Lookup(JsonObject lookup)
    {
        var document = store.Get(lookup["index"]!.GetValue<string>(), lookup["id"]!.GetValue<string>());
        return document is null ? [] : [.. FieldAccess.Values(document.Latest.Source, lookup["path"]!.GetValue<string>()).Select(v => (JsonNode?)v.DeepClone())];
    }

    private Func<SearchDoc, bool> CompileExists(JsonNode? body)
    {
        var field = body?["field"]?.GetValue<string>() ?? throw DoubleError.Parsing("[exists] must be provided with a [field]");
        return doc => index.Lookup(field) is { } mapped && FieldAccess.Values(doc.Source, mapped.SourcePath).Count > 0;
    }

    private Func<SearchDoc, bool> CompileMatch(JsonNode? body, bool phrase)
    {
        var (field, spec) = Single(body, "match");
        var query = spec is JsonObject o ? o["query"] : spec;
        if (index.Lookup(field) is { Mapping.IsText: true } mapped)
        {
            var wanted = Tokens(query?.ToString() ?? "");
            return doc => FieldAccess.Values(doc.Source, mapped.SourcePath).Any(v =>
            {
                var tokens = Tokens(v.ToString());
                return phrase ? ContainsSequence(tokens, wanted) : wanted.Any(tokens.Contains);
            });
        }
        return Matcher(field, [query], false);
    }

    private Func<SearchDoc, bool> CompileIds(JsonNode? body)
    {
        var ids = (body?["values"] as JsonArray ?? []).Select(v => v?.ToString()).ToHashSet();
        return doc => ids.Contains(doc.Id);
    }

    private Func<SearchDoc, bool> CompileRegexp(JsonNode? body)
    {
        var (field, spec) = Single(body, "regexp");
        var pattern = (spec is JsonObject o ? o["value"] : spec)?.ToString() ?? "";
        CheckRegexLength(pattern);
        var regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return CompileString(body, (text, _, _) => regex.IsMatch(text));
    }

    private Func<SearchDoc, bool> CompileQueryString(JsonNode? body)
    {
        var query = body?["query"]?.ToString() ?? "";
        if (query.Length > 1 && query.StartsWith('/') && query.EndsWith('/'))
        {
            CheckRegexLength(query[1..^1]);
        }
        throw DoubleError.BadRequest("the Elasticsearch double does not evaluate query_string queries");
    }

    private void CheckRegexLength(string pattern)
    {
        var max = index.Setting("index.max_regex_length", 1000);
        if (pattern.Length > max)
        {
            throw DoubleError.BadRequest($"The length of regex [{pattern.Length}] used in the Regexp Query request has exceeded the allowed maximum of [{max}]. "
                + "This maximum can be set by changing the [index.max_regex_length] index level setting.");
        }
    }

    private Func<SearchDoc, bool> CompileString(JsonNode? body, Func<string, string, bool, bool> test)
    {
        var (field, spec) = Single(body, "query");
        var value = (spec is JsonObject o ? o["value"] : spec)?.ToString() ?? "";
        return doc => index.Lookup(field) is { } mapped && FieldAccess.Values(doc.Source, mapped.SourcePath).Any(v => test(v.ToString(), value, false));
    }

    /// <summary>Exact match of any of <paramref name="values"/>: tokens for text fields, typed keys for the rest.</summary>
    private Func<SearchDoc, bool> Matcher(string field, IReadOnlyList<JsonNode?> values, bool caseInsensitive)
    {
        if (index.Lookup(field) is not { } mapped)
        {
            return _ => false;
        }
        var (mapping, path) = mapped;
        var comparison = caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (mapping.IsText)
        {
            var wanted = values.Select(v => v?.ToString() ?? "").ToList();
            return doc => FieldAccess.Values(doc.Source, path).Any(v => Tokens(v.ToString()).Any(t => wanted.Any(w => string.Equals(t, w, comparison))));
        }
        var keys = values.Select(v => mapping.QueryKey(v, null, false)).ToList();
        return doc => FieldAccess.Values(doc.Source, path).Select(mapping.DocumentKey).Any(k => k is { } key && keys.Any(wanted =>
            caseInsensitive && key.Kind == FieldKeyKind.Text ? string.Equals(key.Text, wanted.Text, comparison) : key.Equals(wanted)));
    }

    private static (string Field, JsonNode? Spec) Single(JsonNode? body, string kind) =>
        body is JsonObject { Count: 1 } o ? (o.First().Key, o.First().Value) : throw DoubleError.Parsing($"[{kind}] query doesn't support multiple fields");

    /// <summary>The standard analyzer, roughly: lower-cased runs of letters and digits.</summary>
    public static List<string> Tokens(string text) =>
        [.. Regex.Split(text.ToLowerInvariant(), @"[^\p{L}\p{N}]+").Where(t => t.Length > 0)];

    private static bool ContainsSequence(List<string> tokens, List<string> wanted) =>
        wanted.Count == 0 || Enumerable.Range(0, Math.Max(0, tokens.Count - wanted.Count + 1)).Any(i => tokens.Skip(i).Take(wanted.Count).SequenceEqual(wanted));
}

/// <summary>What a query sees of a document: its id and the searchable source.</summary>
public readonly record struct SearchDoc(string Id, JsonObject Source);
