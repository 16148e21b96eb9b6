using System.Text.Json;

namespace SecOps.Web.Elasticsearch.Dsl;

/// <summary>A range on a numeric or date field. <see cref="Format"/> tells Elasticsearch how to read date bounds.</summary>
public sealed record RangeQuery(string Field) : Query
{
    public FieldValue? Gt { get; init; }
    public FieldValue? Gte { get; init; }
    public FieldValue? Lt { get; init; }
    public FieldValue? Lte { get; init; }
    public string? Format { get; init; }
    public string? TimeZone { get; init; }

    public RangeQuery GreaterThan(FieldValue value) => this with { Gt = value };
    public RangeQuery GreaterThanOrEqual(FieldValue value) => this with { Gte = value };
    public RangeQuery LessThan(FieldValue value) => this with { Lt = value };
    public RangeQuery LessThanOrEqual(FieldValue value) => this with { Lte = value };
    public RangeQuery WithFormat(string format) => this with { Format = format };

    public override void WriteTo(Utf8JsonWriter writer)
    {
        if (Gt is null && Gte is null && Lt is null && Lte is null)
        {
            throw new InvalidOperationException($"The range on '{Field}' has no bound.");
        }
        writer.WriteStartObject();
        writer.WriteStartObject("range");
        writer.WriteStartObject(RequireField(Field));
        WriteBound(writer, "gt", Gt);
        WriteBound(writer, "gte", Gte);
        WriteBound(writer, "lt", Lt);
        WriteBound(writer, "lte", Lte);
        if (Format is not null)
        {
            writer.WriteString("format", Format);
        }
        if (TimeZone is not null)
        {
            writer.WriteString("time_zone", TimeZone);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteBound(Utf8JsonWriter writer, string name, FieldValue? value)
    {
        if (value is { } v)
        {
            writer.WritePropertyName(name);
            v.WriteTo(writer);
        }
    }
}
