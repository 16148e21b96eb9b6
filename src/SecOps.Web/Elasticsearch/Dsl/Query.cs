using System.Text.Json;

namespace SecOps.Web.Elasticsearch.Dsl;

/// <summary>A query clause. Every value is written through <see cref="Utf8JsonWriter"/>, so no input can change the query's shape.</summary>
public abstract record Query
{
    public abstract void WriteTo(Utf8JsonWriter writer);

    public static MatchAllQuery MatchAll() => new();

    public static TermQuery Term(string field, FieldValue value, bool? caseInsensitive = null) => new(field, value, caseInsensitive);

    public static TermsQuery Terms(string field, params IEnumerable<FieldValue> values) => new(field, [.. values]);

    public static ExistsQuery Exists(string field) => new(field);

    public static MatchQuery Match(string field, string text) => new(field, text);

    public static RangeQuery Range(string field) => new(field);

    public static BoolQuery Bool() => new();

    /// <summary>Documents by <c>_id</c> (which Elasticsearch 8 searches, though it refuses to sort on it).</summary>
    public static IdsQuery Ids(params IEnumerable<string> ids) => new([.. ids]);

    internal static string RequireField(string field) =>
        string.IsNullOrWhiteSpace(field) ? throw new ArgumentException("A field name is required.", nameof(field)) : field;
}

public sealed record MatchAllQuery : Query
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("match_all");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

/// <summary>Documents whose <c>_id</c> is one of <see cref="Values"/>.</summary>
public sealed record IdsQuery(IReadOnlyList<string> Values) : Query
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("ids");
        writer.WriteStartArray("values");
        foreach (var id in Values)
        {
            writer.WriteStringValue(id);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

/// <summary>Exact value on a keyword, numeric, date or boolean field.</summary>
public sealed record TermQuery(string Field, FieldValue Value, bool? CaseInsensitive = null) : Query
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("term");
        writer.WriteStartObject(RequireField(Field));
        writer.WritePropertyName("value");
        Value.WriteTo(writer);
        if (CaseInsensitive is { } ci)
        {
            writer.WriteBoolean("case_insensitive", ci);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

/// <summary>Any of several exact values. Elasticsearch caps the count at <c>index.max_terms_count</c> (65,536 by default).</summary>
public sealed record TermsQuery(string Field, IReadOnlyList<FieldValue> Values) : Query
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("terms");
        writer.WriteStartArray(RequireField(Field));
        foreach (var value in Values)
        {
            value.WriteTo(writer);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

public sealed record ExistsQuery(string Field) : Query
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("exists");
        writer.WriteString("field", RequireField(Field));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

/// <summary>Full-text match (analysed); on keyword, date and numeric fields it behaves like a term query.</summary>
public sealed record MatchQuery(string Field, string Text) : Query
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("match");
        writer.WriteStartObject(RequireField(Field));
        writer.WriteString("query", Text);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
