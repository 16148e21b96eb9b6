using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SecOps.IntegrationTests.Elasticsearch.YamlRest;

/// <summary>The assertion operators over the last response: match, length, is_true, is_false, gt/gte/lt/lte, exists, contains, close_to, set.</summary>
public sealed class YamlAssertions(YamlValues values)
{
    public YamlResponse? Last { get; set; }

    public void Run(string op, YamlNode argument)
    {
        if (op is "is_true" or "is_false" or "exists")
        {
            var path = values.SubstituteKey(((YamlScalarNode)argument).Value ?? "");
            var (found, value) = Resolve(path);
            var truthy = found && !IsFalsy(value);
            if ((op == "is_true" && !truthy) || (op == "is_false" && truthy) || (op == "exists" && !found))
            {
                throw new YamlAssertionException($"{op} [{path}] failed: got {Describe(found, value)}");
            }
            return;
        }
        foreach (var (keyNode, expectedNode) in ((YamlMappingNode)argument).Children)
        {
            var path = values.SubstituteKey(((YamlScalarNode)keyNode).Value ?? "");
            if (op == "set")
            {
                values.Stash(((YamlScalarNode)expectedNode).Value ?? "", Resolve(path).Value);
                continue;
            }
            var expected = values.ToJson(expectedNode);
            var (found, actual) = Resolve(path);
            var ok = op switch
            {
                "match" => Matches(path, expected, actual),
                "length" => found && Length(actual) == expected?.GetValue<long>(),
                "gt" => found && Compare(actual, expected) > 0,
                "gte" => found && Compare(actual, expected) >= 0,
                "lt" => found && Compare(actual, expected) < 0,
                "lte" => found && Compare(actual, expected) <= 0,
                "contains" => found && Contains(actual, expected),
                "close_to" => found && Math.Abs(Number(actual) - Number(expected?["value"])) <= Number(expected?["error"]),
                _ => throw new YamlSkipException($"the runner does not support the [{op}] operator"),
            };
            if (!ok)
            {
                throw new YamlAssertionException($"{op} [{path}] failed: expected {expected?.ToJsonString() ?? "null"}, got {Describe(found, actual)}");
            }
        }
    }

    /// <summary>Dot notation into the last response; <c>\.</c> is a literal dot, numbers index arrays, <c>$name</c> reads the stash.</summary>
    public (bool Found, JsonNode? Value) Resolve(string path)
    {
        var current = Last?.Json;
        if (path is "" or "$body")
        {
            return (Last is not null, current);
        }
        foreach (var raw in Regex.Split(path, @"(?<!\\)\."))
        {
            var segment = values.SubstituteKey(raw.Replace("\\.", ".", StringComparison.Ordinal));
            switch (current)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    current = child;
                    break;
                case JsonArray array when int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < array.Count:
                    current = array[i];
                    break;
                default:
                    return (false, null);
            }
        }
        return (true, current);
    }

    private bool Matches(string path, JsonNode? expected, JsonNode? actual)
    {
        if (expected is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 1 && text.Trim().StartsWith('/') && text.Trim().EndsWith('/'))
        {
            var pattern = text.Trim()[1..^1];
            var subject = path == "$body" ? Last?.Body ?? "" : actual is JsonValue s && s.TryGetValue<string>(out var str) ? str : actual?.ToJsonString() ?? "";
            return Regex.IsMatch(subject, pattern, RegexOptions.IgnorePatternWhitespace);
        }
        return JsonEquals(expected, actual);
    }

    public static bool JsonEquals(JsonNode? expected, JsonNode? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (JsonObject e, JsonObject a) => e.Count == a.Count && e.All(p => a.TryGetPropertyValue(p.Key, out var av) && JsonEquals(p.Value, av)),
        (JsonArray e, JsonArray a) => e.Count == a.Count && e.Zip(a).All(pair => JsonEquals(pair.First, pair.Second)),
        (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number =>
            decimal.TryParse(e.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var y) ? x == y : Number(e) == Number(a),
        _ => JsonNode.DeepEquals(expected, actual),
    };

    private static bool Contains(JsonNode? actual, JsonNode? expected) => actual switch
    {
        JsonArray array => array.Any(item => expected is JsonObject subset && item is JsonObject candidate
            ? subset.All(p => candidate.TryGetPropertyValue(p.Key, out var v) && JsonEquals(p.Value, v))
            : JsonEquals(expected, item)),
        JsonValue s when s.TryGetValue<string>(out var text) => text.Contains(expected?.ToString() ?? "", StringComparison.Ordinal),
        _ => false,
    };

    private static long Length(JsonNode? node) => node switch
    {
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length,
        _ => -1,
    };

    private static int Compare(JsonNode? actual, JsonNode? expected) =>
        actual is JsonValue a && a.GetValueKind() == JsonValueKind.String ? string.CompareOrdinal(a.ToString(), expected?.ToString()) : Number(actual).CompareTo(Number(expected));

    private static double Number(JsonNode? node) =>
        double.TryParse(node?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;

    private static bool IsFalsy(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.GetValueKind() is JsonValueKind.False or JsonValueKind.Null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => Number(v) == 0,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 || s == "false",
        _ => false,
    };

    private static string Describe(bool found, JsonNode? value) => found ? value?.ToJsonString() ?? "null" : "nothing (path absent)";
}
