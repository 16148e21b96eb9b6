using System.Net;
using System.Text.Json;
using SecOps.Web.Elasticsearch.Responses;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>
/// A compact view of one raw event from the source. Every field is hostile: text is cleaned of control and bidi characters
/// and capped, <see cref="SourceIp"/> is kept only when it parses as an address, and a time that does not parse is null.
/// </summary>
public sealed record SourceEvent(
    DateTimeOffset? Timestamp, string Index, string Id, IReadOnlyList<string> Categories, string? Action, string? Outcome, string? Dataset,
    string? UserName, string? HostName, string? SourceIp, string? Message)
{
    public const int ShortField = DisplayText.ShortField;
    public const int MessageLength = 1024;
    public const int MaxCategories = 8;

    /// <summary>The only source fields read; the request asks for just these, so a huge document is never transferred whole.</summary>
    public static IReadOnlyList<string> SourceFields { get; } =
    [
        "@timestamp", "event.category", "event.action", "event.outcome", "event.dataset", "data_stream.dataset",
        "user.name", "host.name", "host.hostname", "source.ip", "client.ip", "message",
    ];

    public static SourceEvent From(Hit hit)
    {
        var index = Clean(hit.Index) ?? "";
        var id = Clean(hit.Id) ?? "";
        if (hit.Source is not { ValueKind: JsonValueKind.Object } source)
        {
            return new SourceEvent(null, index, id, [], null, null, null, null, null, null, null);
        }
        var doc = new FlatDocument(source);
        return new SourceEvent(
            doc.Get("@timestamp") is { } time ? AlertDocumentMapper.ParseTime(time) : null,
            index,
            id,
            CategoriesOf(doc.Get("event.category")),
            Clean(doc.String("event.action")),
            Clean(doc.String("event.outcome")),
            Clean(doc.String("event.dataset", "data_stream.dataset")),
            Clean(doc.String("user.name")),
            Clean(doc.String("host.name", "host.hostname")),
            Address(doc.String("source.ip")) ?? Address(doc.String("client.ip")),
            DisplayText.Clean(Trimmed(doc.String("message")), MessageLength));
    }

    /// <summary><c>event.category</c> is an array in ECS and a string in older shippers; at most <see cref="MaxCategories"/> values.</summary>
    private static IReadOnlyList<string> CategoriesOf(JsonElement? value)
    {
        IEnumerable<JsonElement> items = value switch
        {
            { ValueKind: JsonValueKind.Array } array => array.EnumerateArray(),
            { } single => [single],
            null => [],
        };
        return [.. items.Select(FlatDocument.AsString).Select(Clean).OfType<string>().Distinct(StringComparer.Ordinal).Take(MaxCategories)];
    }

    /// <summary>An address only when it is written as one (a bare number also parses as IPv4, so a dot or colon is required).</summary>
    internal static string? Address(string? value) =>
        value?.Trim() is { Length: > 0 } text && (text.Contains('.') || text.Contains(':')) && IPAddress.TryParse(text, out var ip) ? ip.ToString() : null;

    private static string? Clean(string? value) => DisplayText.Clean(Trimmed(value), ShortField);

    private static string? Trimmed(string? value) => value?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
}

/// <summary>Raw events newest first; <see cref="Warnings"/> says when shards failed, so the list may be incomplete.</summary>
public sealed record SourceEventsResult(IReadOnlyList<SourceEvent> Events, TotalHits? Total, IReadOnlyList<PartialResultWarning> Warnings)
{
    /// <summary>Reads the response of <see cref="SourceQueries.RawEventsSearch"/>.</summary>
    public static SourceEventsResult From(SearchResponse response) =>
        new([.. response.Hits.Hits.Select(SourceEvent.From)], response.Hits.Total, SourceAggregations.Warnings(response));
}
