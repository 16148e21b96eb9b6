using System.Text;
using System.Text.Json;

namespace SecOps.Web.Features.Ingest;

/// <summary>
/// Splits a request body into documents: a JSON object, a JSON array of objects, or NDJSON. A body that
/// cannot be split at all is a <see cref="IngestBodyException"/> (HTTP 400); a single bad document only
/// rejects that document.
/// </summary>
public static class IngestBodyReader
{
    private const string MalformedPrefix = "Malformed JSON";
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    public static IReadOnlyList<IngestDocument> Split(ReadOnlyMemory<byte> body, bool declaredNdjson, long maxDocumentBytes)
    {
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }
        var span = body.Span;
        var start = SkipWhitespace(span, 0);
        if (start == span.Length)
        {
            throw new IngestBodyException("The body is empty: send a JSON object, a JSON array of objects, or NDJSON.");
        }
        if (declaredNdjson)
        {
            return SplitNdjson(body, maxDocumentBytes);
        }
        if (span[start] == (byte)'[')
        {
            return SplitArray(body, maxDocumentBytes);
        }
        if (span[start] == (byte)'{')
        {
            // One object, or NDJSON sent without its content type: more than one top-level value means lines.
            if (!HasSingleValue(span))
            {
                return SplitNdjson(body, maxDocumentBytes);
            }
            var single = Single(body, null, maxDocumentBytes);
            if (single.Json is null && single.Error is { } error && error.StartsWith(MalformedPrefix, StringComparison.Ordinal))
            {
                throw new IngestBodyException("The body is not valid JSON. " + error);
            }
            return [single];
        }
        throw new IngestBodyException($"The body is not JSON: expected '{{' or '[' at byte {start}.");
    }

    private static IReadOnlyList<IngestDocument> SplitArray(ReadOnlyMemory<byte> body, long maxDocumentBytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException e)
        {
            throw new IngestBodyException($"The JSON array is malformed at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}.");
        }
        var items = new List<IngestDocument>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                items.Add(new IngestDocument(null, null, $"A document must be a JSON object, not {Describe(element.ValueKind)}."));
            }
            else if (Encoding.UTF8.GetByteCount(element.GetRawText()) > maxDocumentBytes)
            {
                items.Add(new IngestDocument(null, null, $"The document is larger than the limit of {maxDocumentBytes} bytes."));
            }
            else
            {
                items.Add(Unwrap(null, element));
            }
        }
        return items;
    }

    private static List<IngestDocument> SplitNdjson(ReadOnlyMemory<byte> body, long maxDocumentBytes) =>
        NdjsonLines.Split(body).Select(l => Single(l.Text, l.Line, maxDocumentBytes)).ToList();

    private static IngestDocument Single(ReadOnlyMemory<byte> text, int? line, long maxDocumentBytes)
    {
        if (text.Length > maxDocumentBytes)
        {
            return new IngestDocument(line, null, $"The document is larger than the limit of {maxDocumentBytes} bytes.");
        }
        try
        {
            using var document = JsonDocument.Parse(text, ParseOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new IngestDocument(line, null, $"A document must be a JSON object, not {Describe(document.RootElement.ValueKind)}.");
            }
            return Unwrap(line, document.RootElement.Clone());
        }
        catch (JsonException e)
        {
            return new IngestDocument(line, null, $"{MalformedPrefix} at byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>A search hit (<c>_id</c> + <c>_source</c>) carries its id in the transport; the document is its source.</summary>
    private static IngestDocument Unwrap(int? line, JsonElement element)
    {
        if (element.TryGetProperty("_source", out var source) && source.ValueKind == JsonValueKind.Object)
        {
            var hitId = element.TryGetProperty("_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            return new IngestDocument(line, source, null, hitId);
        }
        var transportId = element.TryGetProperty("_id", out var plainId) && plainId.ValueKind == JsonValueKind.String ? plainId.GetString() : null;
        return new IngestDocument(line, element, null, transportId);
    }

    private static bool HasSingleValue(ReadOnlySpan<byte> span)
    {
        var reader = new Utf8JsonReader(span, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 64 });
        try
        {
            if (!reader.Read())
            {
                return true;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            // Malformed somewhere: with several lines, report each bad line on its own.
            return span.TrimEnd("\r\n\t "u8).IndexOf((byte)'\n') < 0;
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int from)
    {
        var i = from;
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
        return i;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

public sealed class IngestBodyException(string message) : Exception(message);
