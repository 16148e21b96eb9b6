using System.Text.Json;

namespace SecOps.Web.Features.Ingest.Elastic;

/// <summary>One operation of a bulk body: its action, target and either a source document or the reason it failed.</summary>
public sealed record ElasticBulkOperation(string Action, string? Index, string? Id, IngestDocument? Document, ElasticError? Error);

/// <summary>
/// Splits an Elasticsearch bulk body (NDJSON action/metadata line, then a source line for <c>index</c>,
/// <c>create</c> and <c>update</c>) into operations. A bad action line or source line fails only its own
/// operation; a body that is not NDJSON at all is an <see cref="ElasticBulkException"/> (HTTP 400).
/// </summary>
public static class ElasticBulkParser
{
    public const string Index = "index";
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    public static IReadOnlyList<ElasticBulkOperation> Parse(ReadOnlyMemory<byte> body, string? pathIndex, long maxDocumentBytes)
    {
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }
        var lines = NdjsonLines.Split(body);
        if (lines.Count == 0)
        {
            throw new ElasticBulkException("illegal_argument_exception", "request body is required");
        }
        var first = lines[0].Text.Span.TrimStart(" \t\r"u8);
        if (first.Length > 0 && first[0] != (byte)'{')
        {
            throw new ElasticBulkException("parse_exception", "The bulk body must be NDJSON: an action/metadata line, then the source line, each a JSON object on its own line.");
        }
        var operations = new List<ElasticBulkOperation>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (lineNumber, text) = lines[i];
            var action = ReadAction(text, pathIndex, lineNumber);
            if (action.Error is not null)
            {
                operations.Add(new ElasticBulkOperation(action.Name ?? Index, action.Index, action.Id, null, action.Error));
                // A malformed action line is presumed to have a source line after it, unless that line is itself an action.
                if (action.Name is not Delete && i + 1 < lines.Count && !LooksLikeAction(lines[i + 1].Text))
                {
                    i++;
                }
                continue;
            }
            switch (action.Name)
            {
                case Delete:
                    operations.Add(new ElasticBulkOperation(Delete, action.Index, action.Id, null,
                        new ElasticError("illegal_argument_exception", "SecOps does not delete documents through the bulk API; only index and create are supported.")));
                    break;
                case Update:
                    if (i + 1 < lines.Count)
                    {
                        i++;
                    }
                    operations.Add(new ElasticBulkOperation(Update, action.Index, action.Id, null,
                        new ElasticError("illegal_argument_exception", "SecOps does not update documents through the bulk API; only index and create are supported.")));
                    break;
                default:
                    if (i + 1 >= lines.Count)
                    {
                        operations.Add(new ElasticBulkOperation(action.Name!, action.Index, action.Id, null,
                            new ElasticError("illegal_argument_exception", $"The {action.Name} action on line {lineNumber} has no source line after it.")));
                        break;
                    }
                    i++;
                    var (sourceLine, sourceText) = lines[i];
                    var (document, error) = ReadSource(sourceText, sourceLine, action.Id, maxDocumentBytes);
                    operations.Add(new ElasticBulkOperation(action.Name!, action.Index, action.Id, document, error));
                    break;
            }
        }
        return operations;
    }

    private sealed record ActionLine(string? Name, string? Index, string? Id, ElasticError? Error);

    private static ActionLine ReadAction(ReadOnlyMemory<byte> text, string? pathIndex, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, ParseOptions);
        }
        catch (JsonException e)
        {
            return new ActionLine(null, pathIndex, null, new ElasticError("parse_exception", $"Malformed action/metadata line [{lineNumber}], byte {e.BytePositionInLine + 1}."));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ActionLine(null, pathIndex, null, new ElasticError("illegal_argument_exception", $"Malformed action/metadata line [{lineNumber}], expected START_OBJECT."));
            }
            var properties = root.EnumerateObject().ToList();
            if (properties.Count != 1)
            {
                return new ActionLine(null, pathIndex, null, new ElasticError("illegal_argument_exception", $"Malformed action/metadata line [{lineNumber}], expected exactly one action but found {properties.Count}."));
            }
            var name = properties[0].Name;
            if (name is not (Index or Create or Update or Delete))
            {
                return new ActionLine(null, pathIndex, null, new ElasticError("illegal_argument_exception", $"Malformed action/metadata line [{lineNumber}], expected one of [create, delete, index, update] but found [{Truncate(name)}]."));
            }
            var metadata = properties[0].Value;
            if (metadata.ValueKind != JsonValueKind.Object)
            {
                return new ActionLine(name, pathIndex, null, new ElasticError("illegal_argument_exception", $"Malformed action/metadata line [{lineNumber}], expected START_OBJECT after [{name}]."));
            }
            var index = pathIndex;
            string? id = null;
            if (metadata.TryGetProperty("_index", out var indexValue))
            {
                if (indexValue.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(indexValue.GetString()))
                {
                    return new ActionLine(name, pathIndex, null, new ElasticError("illegal_argument_exception", $"Malformed action/metadata line [{lineNumber}], [_index] must be a non-empty string."));
                }
                index = indexValue.GetString();
            }
            if (metadata.TryGetProperty("_id", out var idValue) && idValue.ValueKind != JsonValueKind.Null)
            {
                if (idValue.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(idValue.GetString()))
                {
                    return new ActionLine(name, index, null, new ElasticError("illegal_argument_exception", $"Malformed action/metadata line [{lineNumber}], [_id] must be a non-empty string."));
                }
                id = idValue.GetString();
                if (id!.Length > 512)
                {
                    return new ActionLine(name, index, null, new ElasticError("illegal_argument_exception", "id [" + id[..32] + "...] is too long, must be no longer than 512 bytes"));
                }
            }
            if (index is null)
            {
                return new ActionLine(name, null, id, new ElasticError("action_request_validation_exception", "Validation Failed: 1: index is missing;"));
            }
            return new ActionLine(name, index, id, null);
        }
    }

    private static (IngestDocument? Document, ElasticError? Error) ReadSource(ReadOnlyMemory<byte> text, int lineNumber, string? id, long maxDocumentBytes)
    {
        if (text.Length > maxDocumentBytes)
        {
            return (null, new ElasticError("document_parsing_exception", $"The document on line [{lineNumber}] is larger than the limit of {maxDocumentBytes} bytes."));
        }
        try
        {
            using var document = JsonDocument.Parse(text, ParseOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, new ElasticError("document_parsing_exception", $"[{lineNumber}:1] The source must be a JSON object, not {document.RootElement.ValueKind}."));
            }
            return (new IngestDocument(lineNumber, document.RootElement.Clone(), null, id), null);
        }
        catch (JsonException e)
        {
            return (null, new ElasticError("document_parsing_exception", $"[{lineNumber}:{e.BytePositionInLine + 1}] failed to parse the source: malformed JSON."));
        }
    }

    /// <summary>Whether a line is a well-formed action line, so that a bad action before it did not own it as a source.</summary>
    private static bool LooksLikeAction(ReadOnlyMemory<byte> text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, ParseOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            using var properties = root.EnumerateObject();
            if (!properties.MoveNext())
            {
                return false;
            }
            var single = properties.Current;
            return !properties.MoveNext() && single.Name is Index or Create or Update or Delete && single.Value.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}

public sealed class ElasticBulkException(string type, string reason) : Exception(reason)
{
    public string Type { get; } = type;
}
