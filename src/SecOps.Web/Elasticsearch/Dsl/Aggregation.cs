using System.Text.Json;

namespace SecOps.Web.Elasticsearch.Dsl;

/// <summary>An aggregation with optional named sub-aggregations.</summary>
public abstract record Aggregation(string Field)
{
    public IReadOnlyDictionary<string, Aggregation> SubAggregations { get; init; } = new Dictionary<string, Aggregation>();

    protected abstract string Kind { get; }

    protected abstract void WriteBody(Utf8JsonWriter writer);

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(Kind);
        writer.WriteString("field", Query.RequireField(Field));
        WriteBody(writer);
        writer.WriteEndObject();
        if (SubAggregations.Count > 0)
        {
            WriteAll(writer, SubAggregations);
        }
        writer.WriteEndObject();
    }

    internal static void WriteAll(Utf8JsonWriter writer, IReadOnlyDictionary<string, Aggregation> aggregations)
    {
        writer.WriteStartObject("aggs");
        foreach (var (name, aggregation) in aggregations)
        {
            writer.WritePropertyName(name);
            aggregation.WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}

public sealed record TermsAggregation(string Field, int Size = 10) : Aggregation(Field)
{
    public long? MinDocCount { get; init; }
    protected override string Kind => "terms";

    protected override void WriteBody(Utf8JsonWriter writer)
    {
        writer.WriteNumber("size", Size);
        if (MinDocCount is { } min)
        {
            writer.WriteNumber("min_doc_count", min);
        }
    }
}

/// <summary>Buckets by time: <see cref="FixedInterval"/> (<c>30s</c>, <c>1h</c>) or <see cref="CalendarInterval"/> (<c>day</c>, <c>month</c>), not both.</summary>
public sealed record DateHistogramAggregation(string Field) : Aggregation(Field)
{
    public string? FixedInterval { get; init; }
    public string? CalendarInterval { get; init; }
    public string? Format { get; init; }
    public string? TimeZone { get; init; }
    public long? MinDocCount { get; init; }

    /// <summary>
    /// With <see cref="MinDocCount"/> 0, empty buckets are returned from <c>min</c> to <c>max</c> even where no document falls,
    /// so a chart of a window has every bucket. Date bounds are best given as epoch milliseconds.
    /// </summary>
    public (FieldValue Min, FieldValue Max)? ExtendedBounds { get; init; }

    protected override string Kind => "date_histogram";

    protected override void WriteBody(Utf8JsonWriter writer)
    {
        if ((FixedInterval is null) == (CalendarInterval is null))
        {
            throw new InvalidOperationException("A date_histogram needs exactly one of fixed_interval and calendar_interval.");
        }
        if (FixedInterval is not null)
        {
            writer.WriteString("fixed_interval", FixedInterval);
        }
        if (CalendarInterval is not null)
        {
            writer.WriteString("calendar_interval", CalendarInterval);
        }
        if (Format is not null)
        {
            writer.WriteString("format", Format);
        }
        if (TimeZone is not null)
        {
            writer.WriteString("time_zone", TimeZone);
        }
        if (MinDocCount is { } min)
        {
            writer.WriteNumber("min_doc_count", min);
        }
        if (ExtendedBounds is { } bounds)
        {
            writer.WriteStartObject("extended_bounds");
            writer.WritePropertyName("min");
            bounds.Min.WriteTo(writer);
            writer.WritePropertyName("max");
            bounds.Max.WriteTo(writer);
            writer.WriteEndObject();
        }
    }
}

/// <summary>The smallest value of a numeric or date field (epoch milliseconds for dates, with <c>value_as_string</c>); null without documents.</summary>
public sealed record MinAggregation(string Field) : Aggregation(Field)
{
    protected override string Kind => "min";

    protected override void WriteBody(Utf8JsonWriter writer)
    {
    }
}

/// <summary>The largest value of a numeric or date field (epoch milliseconds for dates, with <c>value_as_string</c>); null without documents.</summary>
public sealed record MaxAggregation(string Field) : Aggregation(Field)
{
    protected override string Kind => "max";

    protected override void WriteBody(Utf8JsonWriter writer)
    {
    }
}

public sealed record PercentilesAggregation(string Field, params IReadOnlyList<double> Percents) : Aggregation(Field)
{
    protected override string Kind => "percentiles";

    protected override void WriteBody(Utf8JsonWriter writer)
    {
        if (Percents.Count == 0)
        {
            return;
        }
        writer.WriteStartArray("percents");
        foreach (var percent in Percents)
        {
            writer.WriteNumberValue(percent);
        }
        writer.WriteEndArray();
    }
}

public sealed record CardinalityAggregation(string Field) : Aggregation(Field)
{
    public int? PrecisionThreshold { get; init; }
    protected override string Kind => "cardinality";

    protected override void WriteBody(Utf8JsonWriter writer)
    {
        if (PrecisionThreshold is { } threshold)
        {
            writer.WriteNumber("precision_threshold", threshold);
        }
    }
}
