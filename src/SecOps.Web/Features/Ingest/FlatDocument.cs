using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace SecOps.Web.Features.Ingest;

/// <summary>
/// An ECS document read by dotted path whether its keys are nested (<c>{"host":{"name":..}}</c>) or dotted
/// (<c>{"host.name":..}</c>) or both, as Elastic's own alert documents mix them. Values that are arrays or
/// numbers-as-strings are read leniently, because real sources send both.
/// </summary>
public sealed class FlatDocument
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);

    public FlatDocument(JsonElement root)
    {
        Root = root;
        Flatten(root, "");
    }

    public JsonElement Root { get; }

    public IReadOnlyDictionary<string, JsonElement> Fields => _fields;

    public bool Has(string path) => _fields.ContainsKey(path);

    public JsonElement? Get(string path)
    {
        if (_fields.TryGetValue(path, out var value))
        {
            return value;
        }
        // An object value (e.g. a threat array's parent) is not a leaf; find it by walking.
        return Walk(path);
    }

    public string? String(params ReadOnlySpan<string> paths)
    {
        foreach (var path in paths)
        {
            if (_fields.TryGetValue(path, out var value) && AsString(value) is { Length: > 0 } text)
            {
                return text;
            }
        }
        return null;
    }

    public double? Number(params ReadOnlySpan<string> paths)
    {
        foreach (var path in paths)
        {
            if (_fields.TryGetValue(path, out var value) && AsNumber(value) is { } number)
            {
                return number;
            }
        }
        return null;
    }

    public static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => value.EnumerateArray().Select(AsString).FirstOrDefault(s => !string.IsNullOrEmpty(s)),
        _ => null,
    };

    public static double? AsNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) => d,
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        JsonValueKind.Array => value.EnumerateArray().Select(AsNumber).FirstOrDefault(n => n is not null),
        _ => null,
    };

    /// <summary>
    /// SHA-256 of the document with object keys sorted, so the same content hashes the same whatever the key
    /// order or white space of the re-post.
    /// </summary>
    public static string CanonicalHash(JsonElement root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, root);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private void Flatten(JsonElement element, string prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix.Length == 0 ? property.Name : prefix + "." + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(property.Value, path);
            }
            else
            {
                // First writer wins: a nested and a dotted spelling of one field should agree; if not, keep one.
                _fields.TryAdd(path, property.Value);
            }
        }
    }

    private JsonElement? Walk(string path)
    {
        // Try every split of the path into a dotted key and a nested remainder.
        return WalkFrom(Root, path);
    }

    private static JsonElement? WalkFrom(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (element.TryGetProperty(path, out var direct))
        {
            return direct;
        }
        for (var dot = path.IndexOf('.'); dot > 0; dot = path.IndexOf('.', dot + 1))
        {
            if (element.TryGetProperty(path[..dot], out var child) && WalkFrom(child, path[(dot + 1)..]) is { } found)
            {
                return found;
            }
        }
        return null;
    }
}
