using System.Globalization;
using System.Text.Json;

namespace SecOps.Web.Elasticsearch.Dsl;

/// <summary>A query value: string, 64-bit integer, double, boolean or a JSON value kept exactly as received.</summary>
public readonly record struct FieldValue
{
    private readonly object _value;

    private FieldValue(object value) => _value = value;

    public static implicit operator FieldValue(string value) => new(value ?? throw new ArgumentNullException(nameof(value)));
    public static implicit operator FieldValue(long value) => new(value);
    public static implicit operator FieldValue(int value) => new((long)value);
    public static implicit operator FieldValue(double value) => new(value);
    public static implicit operator FieldValue(bool value) => new(value);

    /// <summary>ISO 8601 with milliseconds and offset, which <c>strict_date_optional_time</c> accepts.</summary>
    public static implicit operator FieldValue(DateTimeOffset value) =>
        new(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>A value read from a response (a sort value for <c>search_after</c>): written back byte for byte.</summary>
    public static implicit operator FieldValue(JsonElement value) => new(value.Clone());

    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (_value)
        {
            case string s: writer.WriteStringValue(s); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case JsonElement e: e.WriteTo(writer); break;
            default: throw new InvalidOperationException("A default FieldValue has no value.");
        }
    }

    public override string ToString() => _value switch
    {
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => _value?.ToString() ?? "",
    };
}
