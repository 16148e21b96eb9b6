using System.Text.Json;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.AuditEvents;

/// <summary>
/// When SecOps's own audit trail is shipped to Elasticsearch (as evidence, or to anchor the chain head) it lands where the
/// audit tail reads (<c>logs-*</c>). It must never come back as audit events: SecOps would store and show its own records as
/// if a source had reported them. The audit tail's query excludes the marker with a <c>must_not</c>, and the audit ingest
/// path refuses a document carrying it, whichever way it arrives (defence in depth).
/// </summary>
public static class OwnAuditRecords
{
    /// <summary>
    /// The marker is the data stream SecOps ships its records to: <c>data_stream.dataset: "secops.audit"</c>, i.e. the data stream
    /// <c>logs-secops.audit-{namespace}</c>. In a data stream made by Elastic's <c>logs-*-*</c> template <c>data_stream.dataset</c>
    /// is a <c>constant_keyword</c> fixed by the stream's name, so a document written anywhere else cannot carry it, and the
    /// Elasticsearch role that may write <c>logs-secops.audit-*</c> is given to SecOps alone. A free field such as
    /// <c>event.provider</c> or <c>observer.product</c> was not chosen because any shipper (or an attacker who controls one) could
    /// set it and so hide real audit events from SecOps. Matched case-insensitively on both paths.
    /// </summary>
    public const string MarkerField = "data_stream.dataset";

    /// <summary>The value of <see cref="MarkerField"/> on SecOps's own records.</summary>
    public const string MarkerValue = "secops.audit";

    /// <summary>The clause the audit tail and the on-demand search put under <c>must_not</c>.</summary>
    public static Query Exclusion { get; } = Query.Term(MarkerField, MarkerValue, caseInsensitive: true);

    public static bool IsOwnRecord(FlatDocument document) =>
        document.Get(MarkerField) is { } value && Values(value).Any(v => string.Equals(v, MarkerValue, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string?> Values(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(FlatDocument.AsString) : [FlatDocument.AsString(value)];
}
