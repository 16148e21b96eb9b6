using System.Text.Json;

namespace SecOps.Web.Elasticsearch.Dsl;

/// <summary>Combines clauses: <c>filter</c> and <c>must_not</c> do not score, <c>must</c> and <c>should</c> do.</summary>
public sealed record BoolQuery : Query
{
    public IReadOnlyList<Query> Filter { get; init; } = [];
    public IReadOnlyList<Query> Must { get; init; } = [];
    public IReadOnlyList<Query> MustNot { get; init; } = [];
    public IReadOnlyList<Query> Should { get; init; } = [];
    public int? MinimumShouldMatch { get; init; }

    public BoolQuery WithFilter(params IEnumerable<Query> clauses) => this with { Filter = [.. Filter, .. clauses] };
    public BoolQuery WithMust(params IEnumerable<Query> clauses) => this with { Must = [.. Must, .. clauses] };
    public BoolQuery WithMustNot(params IEnumerable<Query> clauses) => this with { MustNot = [.. MustNot, .. clauses] };
    public BoolQuery WithShould(params IEnumerable<Query> clauses) => this with { Should = [.. Should, .. clauses] };

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("bool");
        WriteClauses(writer, "filter", Filter);
        WriteClauses(writer, "must", Must);
        WriteClauses(writer, "must_not", MustNot);
        WriteClauses(writer, "should", Should);
        if (MinimumShouldMatch is { } minimum)
        {
            writer.WriteNumber("minimum_should_match", minimum);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteClauses(Utf8JsonWriter writer, string name, IReadOnlyList<Query> clauses)
    {
        if (clauses.Count == 0)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (var clause in clauses)
        {
            clause.WriteTo(writer);
        }
        writer.WriteEndArray();
    }
}
