using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary><c>_bulk</c>: NDJSON action/document pairs, per-item status, HTTP 200 even when items fail.</summary>
public static class DoubleBulk
{
    public static JsonObject Run(DoubleStore store, string? defaultIndex, byte[] body)
    {
        var lines = Encoding.UTF8.GetString(body).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var action = Parse(lines[i]) as JsonObject;
            if (action is not { Count: 1 } || action.First().Value is not JsonObject meta)
            {
                throw DoubleError.BadRequest($"Malformed action/metadata line [{i + 1}], expected a single-key object");
            }
            var verb = action.First().Key;
            var index = meta["_index"]?.GetValue<string>() ?? defaultIndex ?? throw new DoubleError(400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
            var id = meta["_id"]?.ToString();
            JsonObject? document = null;
            if (verb != "delete")
            {
                document = (i + 1 < lines.Count ? Parse(lines[++i]) : null) as JsonObject
                    ?? throw DoubleError.BadRequest($"The bulk request must be terminated by a newline [\\n] and the source for [{verb}] must be an object");
            }
            var item = Execute(store, verb, index, id, document, meta);
            errors |= item["error"] is not null;
            items.Add(new JsonObject { [verb] = item });
        }
        return new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items };
    }

    private static JsonObject Execute(DoubleStore store, string verb, string index, string? id, JsonObject? document, JsonObject meta)
    {
        try
        {
            switch (verb)
            {
                case "index" or "create":
                    var written = store.Write(index, id, document!, verb == "create", meta["if_seq_no"]?.GetValue<long>(), meta["if_primary_term"]?.GetValue<long>());
                    return Item(index, written.Document, written.Created ? "created" : "updated", written.Created ? 201 : 200);
                case "update":
                    var existing = store.Get(index, id ?? "") ?? throw new DoubleError(404, "document_missing_exception", $"[{id}]: document missing",
                        new JsonObject { ["index_uuid"] = "_na_", ["shard"] = "0", ["index"] = index });
                    var merged = DoubleDocuments.Merge(existing.Latest.Source, document!["doc"] as JsonObject ?? []);
                    var updated = store.Write(index, id, merged, false, meta["if_seq_no"]?.GetValue<long>(), meta["if_primary_term"]?.GetValue<long>());
                    return Item(index, updated.Document, "updated", 200);
                case "delete":
                    var deleted = store.Get(index, id ?? "");
                    store.Delete(index, id ?? "");
                    return new JsonObject { ["_index"] = index, ["_id"] = id, ["result"] = deleted is null ? "not_found" : "deleted", ["status"] = deleted is null ? 404 : 200 };
                default:
                    throw DoubleError.BadRequest($"Malformed action/metadata line, expected one of [create, delete, index, update] but found [{verb}]");
            }
        }
        catch (DoubleError error)
        {
            var cause = (JsonObject)error.ToBody()["error"]!.DeepClone();
            cause.Remove("root_cause");
            return new JsonObject { ["_index"] = index, ["_id"] = id, ["status"] = error.Status, ["error"] = cause };
        }
    }

    private static JsonObject Item(string index, StoredDocument document, string result, int status) => new()
    {
        ["_index"] = index,
        ["_id"] = document.Id,
        ["_version"] = document.Latest.Version,
        ["result"] = result,
        ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 },
        ["_seq_no"] = document.Latest.SeqNo,
        ["_primary_term"] = 1,
        ["status"] = status,
    };

    private static JsonNode? Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new DoubleError(400, "x_content_parse_exception", ex.Message);
        }
    }
}
