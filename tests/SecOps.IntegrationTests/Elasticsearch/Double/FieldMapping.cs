using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>A mapped field: its type and, for dates, its format. Converts document and query values to <see cref="FieldKey"/>s.</summary>
public sealed record FieldMapping(string Type, string? FormatSpec = null)
{
    public DateFormat Format { get; } = DateFormat.Of(FormatSpec);

    public bool IsDate => Type is "date" or "date_nanos";
    public bool IsText => Type is "text" or "match_only_text";
    public bool IsInteger => Type is "long" or "integer" or "short" or "byte" or "unsigned_long";
    public bool IsReal => Type is "float" or "half_float" or "double" or "scaled_float";
    public bool IsNumeric => IsInteger || IsReal || Type == "boolean";

    /// <summary>What Elasticsearch's dynamic mapping makes of a value it has not seen (date detection on for strings).</summary>
    public static FieldMapping Dynamic(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String when DateFormat.Of(null).TryParse(value.GetValue<string>(), false, out _) => new("date"),
        JsonValueKind.String => new("text"),
        JsonValueKind.True or JsonValueKind.False => new("boolean"),
        JsonValueKind.Number when long.TryParse(value.ToJsonString(), CultureInfo.InvariantCulture, out _) => new("long"),
        JsonValueKind.Number => new("float"),
        _ => new("keyword"),
    };

    /// <summary>Keys of one document value; null when the value cannot be indexed under this type (ignored, as with ignore_malformed).</summary>
    public FieldKey? DocumentKey(JsonValue value)
    {
        try
        {
            return QueryKey(value, null, false);
        }
        catch (DoubleError)
        {
            return null;
        }
    }

    /// <summary>Converts a query value (term, range bound, search_after) to this field's type; a given format reads numbers as text too.</summary>
    public FieldKey QueryKey(JsonNode? node, string? formatOverride, bool roundUp)
    {
        if (node is not JsonValue value)
        {
            throw DoubleError.Parsing($"[{Type}] field values must be scalars, got [{node?.ToJsonString()}]");
        }
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        if (IsDate)
        {
            var format = formatOverride is null ? Format : DateFormat.Of(formatOverride);
            if (kind == JsonValueKind.Number && formatOverride is null)
            {
                // Without a format, a number is epoch milliseconds for date and date_nanos alike.
                var millis = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                return Resolution(FieldKey.Of((Int128)(millis * 1_000_000m)), roundUp);
            }
            if (!format.TryParse(text, roundUp, out var nanos))
            {
                throw DoubleError.BadRequest($"failed to parse date field [{text}] with format [{format.Spec}]");
            }
            return Resolution(FieldKey.Of(nanos), roundUp);
        }
        if (Type == "boolean")
        {
            return text switch
            {
                "true" => FieldKey.Of((Int128)1),
                "false" or "" => FieldKey.Of((Int128)0),
                _ => throw DoubleError.BadRequest($"Failed to parse value [{text}] as only [true] or [false] are allowed."),
            };
        }
        if (IsNumeric)
        {
            if (IsInteger && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
            {
                return FieldKey.Of((Int128)whole);
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                return FieldKey.Of(real);
            }
            throw DoubleError.BadRequest($"For input string: \"{text}\"");
        }
        return FieldKey.Of(text);
    }

    /// <summary>The sort value Elasticsearch prints: epoch millis for date, nanos for date_nanos, or the formatted date.</summary>
    public JsonNode? SortValue(FieldKey key, string? format, string? numericType)
    {
        if (IsDate)
        {
            if (format is not null)
            {
                return DateFormat.Of(format).Format(key.Whole);
            }
            var nanos = (numericType ?? Type) == "date_nanos";
            return JsonValue.Create((long)(nanos ? key.Whole : DateFormat.FloorDiv(key.Whole, DateFormat.NanosPerMilli)));
        }
        return key.Kind switch
        {
            FieldKeyKind.Whole => JsonValue.Create((long)key.Whole),
            FieldKeyKind.Real => JsonValue.Create(key.Real),
            _ => JsonValue.Create(key.Text),
        };
    }

    /// <summary>search_after numbers for a date sort are in the unit the sort printed (millis, or nanos for date_nanos).</summary>
    public FieldKey SearchAfterKey(JsonNode? node, string? format, string? numericType)
    {
        if (IsDate && node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            var whole = Int128.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
            return FieldKey.Of((numericType ?? Type) == "date_nanos" ? whole : whole * DateFormat.NanosPerMilli);
        }
        return QueryKey(node, format, false);
    }

    // A date field keeps milliseconds; a bound rounded up stays at the end of its millisecond.
    private FieldKey Resolution(FieldKey key, bool roundUp) =>
        Type == "date_nanos" ? key : FieldKey.Of(DateFormat.FloorDiv(key.Whole, DateFormat.NanosPerMilli) * DateFormat.NanosPerMilli
            + (roundUp ? DateFormat.NanosPerMilli - 1 : 0));
}
