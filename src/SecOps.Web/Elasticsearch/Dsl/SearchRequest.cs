using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SecOps.Web.Elasticsearch.Dsl;

/// <summary>A <c>_search</c> body, built from typed parts and written with <see cref="Utf8JsonWriter"/>.</summary>
public sealed record SearchRequest
{
    /// <summary>
    /// The body goes to Elasticsearch, never into HTML, so only JSON's own escaping is needed; this keeps
    /// non-ASCII text readable while quotes, backslashes and control characters are still escaped.
    /// </summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Query? Query { get; init; }
    public IReadOnlyList<SortField> Sort { get; init; } = [];

    /// <summary>The previous page's last <c>sort</c> values, written back exactly (64-bit numbers and strings alike).</summary>
    public IReadOnlyList<FieldValue>? SearchAfter { get; init; }

    public int? Size { get; init; }
    public int? From { get; init; }
    public IReadOnlyList<string>? SourceIncludes { get; init; }
    public IReadOnlyList<string>? SourceExcludes { get; init; }

    /// <summary>null leaves Elasticsearch's default (count to 10,000); true counts exactly, false skips counting, a number counts up to it.</summary>
    public TrackTotalHits? TrackTotalHits { get; init; }

    /// <summary>Ask for <c>_seq_no</c> and <c>_primary_term</c> on each hit (optimistic concurrency for write-back).</summary>
    public bool SeqNoPrimaryTerm { get; init; }

    public IReadOnlyDictionary<string, Aggregation> Aggregations { get; init; } = new Dictionary<string, Aggregation>();

    public byte[] ToJsonBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public string ToJson() => Encoding.UTF8.GetString(ToJsonBytes());

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (SearchAfter is { Count: > 0 } after && after.Count != Sort.Count)
        {
            throw new InvalidOperationException($"search_after has {after.Count} values but the sort has {Sort.Count} keys.");
        }
        writer.WriteStartObject();
        if (Size is { } size)
        {
            writer.WriteNumber("size", size);
        }
        if (From is { } from)
        {
            writer.WriteNumber("from", from);
        }
        if (Query is not null)
        {
            writer.WritePropertyName("query");
            Query.WriteTo(writer);
        }
        if (Sort.Count > 0)
        {
            writer.WriteStartArray("sort");
            foreach (var sort in Sort)
            {
                sort.WriteTo(writer);
            }
            writer.WriteEndArray();
        }
        if (SearchAfter is { Count: > 0 })
        {
            writer.WriteStartArray("search_after");
            foreach (var value in SearchAfter)
            {
                value.WriteTo(writer);
            }
            writer.WriteEndArray();
        }
        WriteSource(writer);
        TrackTotalHits?.WriteTo(writer);
        if (SeqNoPrimaryTerm)
        {
            writer.WriteBoolean("seq_no_primary_term", true);
        }
        if (Aggregations.Count > 0)
        {
            Aggregation.WriteAll(writer, Aggregations);
        }
        writer.WriteEndObject();
    }

    private void WriteSource(Utf8JsonWriter writer)
    {
        if (SourceIncludes is null && SourceExcludes is null)
        {
            return;
        }
        writer.WriteStartObject("_source");
        WriteList(writer, "includes", SourceIncludes);
        WriteList(writer, "excludes", SourceExcludes);
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }
}

/// <summary><c>track_total_hits</c>: a boolean or an upper bound.</summary>
public readonly record struct TrackTotalHits
{
    private TrackTotalHits(bool? enabled, int? upTo) => (Enabled, UpTo) = (enabled, upTo);

    public bool? Enabled { get; }
    public int? UpTo { get; }

    public static TrackTotalHits Exact => new(true, null);
    public static TrackTotalHits Disabled => new(false, null);
    public static TrackTotalHits Bounded(int upTo) => upTo >= 0 ? new(null, upTo) : throw new ArgumentOutOfRangeException(nameof(upTo));

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (UpTo is { } upTo)
        {
            writer.WriteNumber("track_total_hits", upTo);
        }
        else
        {
            writer.WriteBoolean("track_total_hits", Enabled ?? true);
        }
    }
}
