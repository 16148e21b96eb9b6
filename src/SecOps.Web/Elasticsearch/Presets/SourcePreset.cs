using SecOps.Web.Elasticsearch.Dsl;

namespace SecOps.Web.Elasticsearch.Presets;

/// <summary>
/// How to tail one kind of source: the time field and unique tiebreaker the cursor sorts on (never <c>_id</c>, which
/// Elasticsearch 8 refuses to sort on), the optional status-change time field of the second cursor, the filters that
/// pick alerts out of the indices, and field mappings that rewrite a document into the ECS fields the ingest mapper reads.
/// A preset is configuration: the built-ins live in <see cref="SourcePresets"/>, and users add or override presets in
/// <c>SecOps:Sources:Elasticsearch:Presets:{Name}</c>.
/// </summary>
public sealed record SourcePreset
{
    public required string Name { get; init; }

    public string TimeField { get; init; } = "@timestamp";

    public required string TiebreakerField { get; init; }

    /// <summary>
    /// False when the source has no unique id field: the tail then also reads every document that ties with a page's
    /// last sort key, so a tie split across a page boundary is not skipped by <c>search_after</c>.
    /// </summary>
    public bool TiebreakerUnique { get; init; } = true;

    /// <summary>The time a source-side status change was made (<c>kibana.alert.workflow_status_updated_at</c>); null: no status cursor.</summary>
    public string? StatusTimeField { get; init; }

    /// <summary>The source-side triage status (<c>kibana.alert.workflow_status</c>) applied to the stored alert by the status cursor.</summary>
    public string? StatusField { get; init; }

    /// <summary>All must match (each a term, or terms when it has several values).</summary>
    public IReadOnlyList<PresetFilter> Filters { get; init; } = [];

    /// <summary>Applied in order before the ingest mapper; a mapping never overwrites a field the document already has.</summary>
    public IReadOnlyList<PresetFieldMapping> FieldMappings { get; init; } = [];
}

/// <summary>A filter clause: <paramref name="Field"/> equals one of <paramref name="Values"/> (e.g. <c>event.kind: alert</c>).</summary>
public sealed record PresetFilter(string Field, IReadOnlyList<string> Values)
{
    /// <summary>A term query for one value, terms for several.</summary>
    public Query ToQuery() => Values.Count == 1 ? Query.Term(Field, Values[0]) : Query.Terms(Field, Values.Select(v => (FieldValue)v));
}

/// <summary>
/// Writes <see cref="Target"/> from the first of <see cref="From"/> the document has; with <see cref="Values"/>, the value
/// is translated (Suricata's severity 1 → <c>high</c>) and a value without a translation is not written.
/// </summary>
public sealed record PresetFieldMapping
{
    public required string Target { get; init; }

    public required IReadOnlyList<string> From { get; init; }

    public IReadOnlyDictionary<string, string>? Values { get; init; }
}
