using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecOps.Web.Elasticsearch.Dsl;

namespace SecOps.Web.Elasticsearch;

public enum BulkAction
{
    Index,
    Create,
    Update,
    Delete,
}

/// <summary>One line pair of a <c>_bulk</c> request. For <see cref="BulkAction.Update"/> the document is the partial <c>doc</c>.</summary>
public sealed record BulkOperation(BulkAction Action, string? Index, string? Id, JsonNode? Document = null)
{
    public long? IfSeqNo { get; init; }
    public long? IfPrimaryTerm { get; init; }

    public static BulkOperation IndexDocument(string index, string? id, JsonNode document) => new(BulkAction.Index, index, id, document);
    public static BulkOperation CreateDocument(string index, string id, JsonNode document) => new(BulkAction.Create, index, id, document);
    public static BulkOperation UpdateDocument(string index, string id, JsonNode partial) => new(BulkAction.Update, index, id, partial);
    public static BulkOperation DeleteDocument(string index, string id) => new(BulkAction.Delete, index, id);

    /// <summary>Writes the operations as NDJSON, one JSON value per line, ending with a newline as <c>_bulk</c> requires.</summary>
    public static byte[] ToNdjson(IEnumerable<BulkOperation> operations)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var operation in operations)
        {
            operation.WriteTo(buffer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteTo(ArrayBufferWriter<byte> buffer)
    {
        using (var writer = new Utf8JsonWriter(buffer, SearchRequest.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(Action.ToString().ToLowerInvariant());
            if (Index is not null)
            {
                writer.WriteString("_index", Index);
            }
            if (Id is not null)
            {
                writer.WriteString("_id", Id);
            }
            if (IfSeqNo is { } seqNo && IfPrimaryTerm is { } primaryTerm)
            {
                writer.WriteNumber("if_seq_no", seqNo);
                writer.WriteNumber("if_primary_term", primaryTerm);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        if (Action == BulkAction.Delete)
        {
            return;
        }
        var document = Document ?? throw new InvalidOperationException($"A bulk {Action} needs a document.");
        using (var writer = new Utf8JsonWriter(buffer, SearchRequest.WriterOptions))
        {
            if (Action == BulkAction.Update)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("doc");
                document.WriteTo(writer);
                writer.WriteEndObject();
            }
            else
            {
                document.WriteTo(writer);
            }
        }
        buffer.Write("\n"u8);
    }
}
