using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary><c>_source</c> filtering: false, a pattern, a list, or <c>{includes, excludes}</c>; patterns may use <c>*</c>.</summary>
public static class SourceFilter
{
    public static JsonObject? Apply(JsonObject source, JsonNode? spec, IReadOnlyDictionary<string, string> parameters)
    {
        if (spec is JsonValue v && v.TryGetValue<bool>(out var enabled))
        {
            return enabled ? (JsonObject)source.DeepClone() : null;
        }
        var includes = Patterns(spec is JsonObject o ? o["includes"] ?? o["include"] : spec)
            .Concat(Split(parameters.GetValueOrDefault("_source_includes"))).ToList();
        var excludes = Patterns(spec is JsonObject e ? e["excludes"] ?? e["exclude"] : null)
            .Concat(Split(parameters.GetValueOrDefault("_source_excludes"))).ToList();
        return includes.Count == 0 && excludes.Count == 0 ? (JsonObject)source.DeepClone() : Filter(source, "", includes, excludes);
    }

    private static JsonObject Filter(JsonObject source, string prefix, List<Regex> includes, List<Regex> excludes)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            var path = prefix + key;
            if (excludes.Any(p => p.IsMatch(path)))
            {
                continue;
            }
            var included = includes.Count == 0 || includes.Any(p => p.IsMatch(path));
            if (value is JsonObject child)
            {
                // A child object is kept whole when included, or searched for included descendants otherwise.
                var filtered = Filter(child, path + ".", included ? [] : includes, excludes);
                if (included || filtered.Count > 0)
                {
                    result[key] = filtered;
                }
            }
            else if (included)
            {
                result[key] = value?.DeepClone();
            }
        }
        return result;
    }

    private static IEnumerable<Regex> Patterns(JsonNode? node) => node switch
    {
        JsonValue v => Split(v.ToString()),
        JsonArray a => a.SelectMany(item => Split(item?.ToString())),
        _ => [],
    };

    // "a.b" matches the path a.b and everything under it; "*" matches any run of characters, dots included.
    private static IEnumerable<Regex> Split(string? patterns) =>
        (patterns ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal) + "(\\..*)?$", RegexOptions.CultureInvariant));
}
