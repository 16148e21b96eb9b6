using System.Text.Json;

namespace SecOps.Web.Elasticsearch.Dsl;

public enum SortOrder
{
    Asc,
    Desc,
}

/// <summary>
/// One sort key. <c>_id</c> is refused here because Elasticsearch 8 refuses it (no fielddata on <c>_id</c>);
/// tails use a unique keyword field such as <c>kibana.alert.uuid</c> or <c>event.id</c> as the tiebreaker.
/// </summary>
public sealed record SortField
{
    public SortField(string field, SortOrder order = SortOrder.Asc, string? unmappedType = null, string? format = null)
    {
        Field = Query.RequireField(field);
        if (field == "_id")
        {
            throw new ArgumentException("Sorting on _id is refused by Elasticsearch 8; sort on a unique keyword field instead.", nameof(field));
        }
        Order = order;
        UnmappedType = unmappedType;
        Format = format;
    }

    public string Field { get; }
    public SortOrder Order { get; }

    /// <summary>Type to assume in indices where the field is not mapped, so an index pattern with such indices does not fail.</summary>
    public string? UnmappedType { get; }

    /// <summary>Format of date sort values, e.g. <c>strict_date_optional_time_nanos</c>; without it they are epoch millis (long).</summary>
    public string? Format { get; }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(Field);
        writer.WriteString("order", Order == SortOrder.Asc ? "asc" : "desc");
        if (UnmappedType is not null)
        {
            writer.WriteString("unmapped_type", UnmappedType);
        }
        if (Format is not null)
        {
            writer.WriteString("format", Format);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
