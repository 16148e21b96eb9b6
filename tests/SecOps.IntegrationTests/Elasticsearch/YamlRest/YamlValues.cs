using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecOps.IntegrationTests.Elasticsearch.YamlRest;

/// <summary>Turns YAML nodes into JSON with YAML's types (plain scalars may be numbers, booleans, null) and the stash applied.</summary>
public sealed partial class YamlValues
{
    private readonly Dictionary<string, JsonNode?> _stash = new(StringComparer.Ordinal);

    public void Reset() => _stash.Clear();

    public void Stash(string name, JsonNode? value) => _stash[name] = value?.DeepClone();

    public JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlMappingNode mapping => ToObject(mapping),
        _ => null,
    };

    /// <summary>Replaces <c>$name</c> (whole value) and <c>${name}</c> (inside text) with stashed values.</summary>
    public JsonNode? Substitute(string text)
    {
        if (text.StartsWith('$') && !text.StartsWith("${", StringComparison.Ordinal) && _stash.TryGetValue(text[1..], out var whole))
        {
            return whole?.DeepClone();
        }
        return EmbeddedStash().Replace(text, m => _stash.TryGetValue(m.Groups[1].Value, out var v) ? (v is JsonValue jv ? jv.ToString() : v?.ToJsonString() ?? "") : m.Value);
    }

    public string SubstituteKey(string key) => Substitute(key) is JsonValue v ? v.ToString() : key;

    private JsonObject ToObject(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            result[SubstituteKey(((YamlScalarNode)key).Value ?? "")] = ToJson(value);
        }
        return result;
    }

    private JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.Plain)
        {
            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return null;
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
            if (IntegerPattern().IsMatch(text))
            {
                return JsonNode.Parse(text.TrimStart('+'));
            }
            if (FloatPattern().IsMatch(text))
            {
                return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }
        return Substitute(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex EmbeddedStash();
}
