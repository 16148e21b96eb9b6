using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>The REST routes the double answers: root, index create/delete, document writes and gets, multi-get, bulk, refresh, search and count.</summary>
public static class DoubleEndpoints
{
    public const string ShardFailureKey = "double.shard-failure";

    // Elasticsearch writes '+', '<' and non-ASCII as they are; clients (and the YAML tests' regexes) expect that.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] Read = ["GET", "POST"];
    private static readonly string[] Write = ["PUT", "POST"];

    public static void Map(WebApplication app, ElasticsearchDouble node)
    {
        var store = node.Store;
        app.MapGet("/", context => Respond(context, (_, _) =>
        {
            context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            return new JsonObject
            {
                ["name"] = "double", ["cluster_name"] = "secops-double", ["cluster_uuid"] = "double-uuid",
                ["version"] = new JsonObject { ["number"] = node.Version, ["build_flavor"] = "default", ["build_snapshot"] = false, ["lucene_version"] = "9.12.0" },
                ["tagline"] = "You Know, for Search",
            };
        }));
        app.MapGet("/_capabilities", context => Respond(context, (p, _) => new JsonObject
        {
            ["supported"] = p.GetValueOrDefault("path") == "/_search"
                && (p.GetValueOrDefault("capabilities") ?? "").Split(',').All(c => c == "terms_query_integer_bitmap_format"),
        }));
        app.MapMethods("/_search", Read, context => Respond(context, (p, body) => Search(context, store, null, p, body)));
        app.MapMethods("/{index}/_search", Read, context => Respond(context, (p, body) => Search(context, store, Index(context), p, body)));
        app.MapMethods("/_count", Read, context => Respond(context, (p, body) => Count(store, null, p, body)));
        app.MapMethods("/{index}/_count", Read, context => Respond(context, (p, body) => Count(store, Index(context), p, body)));
        app.MapMethods("/_refresh", Read, context => Respond(context, (_, _) => Refresh(store, null)));
        app.MapMethods("/{index}/_refresh", Read, context => Respond(context, (_, _) => Refresh(store, Index(context))));
        app.MapMethods("/_mget", Read, context => Respond(context, (p, body) => MultiGet(store, null, p, body)));
        app.MapMethods("/{index}/_mget", Read, context => Respond(context, (p, body) => MultiGet(store, Index(context), p, body)));
        app.MapMethods("/_bulk", Write, context => RespondRaw(context, (p, bytes) => Bulk(store, null, p, bytes)));
        app.MapMethods("/{index}/_bulk", Write, context => RespondRaw(context, (p, bytes) => Bulk(store, Index(context), p, bytes)));
        app.MapPut("/{index}", context => Respond(context, (_, body) =>
        {
            var index = store.Create(Index(context), body);
            return new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = index.Name };
        }));
        app.MapDelete("/{index}", context => Respond(context, (_, _) =>
            new JsonObject { ["acknowledged"] = store.DeleteIndices(Index(context)) >= 0 }));
        app.MapMethods("/{index}/_doc/{id}", Write, context => Respond(context, (p, body) => Put(context, store, p, body, false)));
        app.MapMethods("/{index}/_create/{id}", Write, context => Respond(context, (p, body) => Put(context, store, p, body, true)));
        app.MapPost("/{index}/_doc", context => Respond(context, (p, body) => Put(context, store, p, body, false)));
        app.MapGet("/{index}/_doc/{id}", context => Respond(context, (_, _) => Get(context, store)));
        app.MapPost("/{index}/_update/{id}", context => Respond(context, (p, body) => Update(context, store, p, body)));
    }

    public static async Task WriteErrorAsync(HttpContext context, DoubleError error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(error.ToBody().ToJsonString(JsonOptions));
    }

    private static JsonObject Search(HttpContext context, DoubleStore store, string? index, Dictionary<string, string> parameters, JsonObject? body)
    {
        var response = DoubleSearch.Run(store, index, parameters, body);
        if (context.Items.ContainsKey(ShardFailureKey))
        {
            var shards = response["_shards"]!.AsObject();
            shards["total"] = shards["total"]!.GetValue<int>() + 1;
            shards["failed"] = 1;
            shards["failures"] = new JsonArray(new JsonObject
            {
                ["shard"] = 1, ["index"] = index ?? "_all", ["node"] = "double-node-2",
                ["reason"] = new JsonObject { ["type"] = "node_not_connected_exception", ["reason"] = "[double-node-2][127.0.0.1:9300] Node not connected" },
            });
        }
        return response;
    }

    private static JsonObject Count(DoubleStore store, string? index, Dictionary<string, string> parameters, JsonObject? body)
    {
        var query = new JsonObject { ["size"] = 0, ["track_total_hits"] = true, ["query"] = body?["query"]?.DeepClone() };
        var response = DoubleSearch.Run(store, index, new Dictionary<string, string>(), query);
        return new JsonObject { ["count"] = response["hits"]!["total"]!["value"]!.GetValue<int>(), ["_shards"] = response["_shards"]!.DeepClone() };
    }

    private static JsonObject Refresh(DoubleStore store, string? index)
    {
        store.Refresh(index);
        return new JsonObject { ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 } };
    }

    private static JsonObject Bulk(DoubleStore store, string? index, Dictionary<string, string> parameters, byte[] body)
    {
        var response = DoubleBulk.Run(store, index, body);
        RefreshIfAsked(store, parameters, null);
        return response;
    }

    private static JsonObject Put(HttpContext context, DoubleStore store, Dictionary<string, string> parameters, JsonObject? body, bool onlyCreate)
    {
        var id = context.Request.RouteValues["id"]?.ToString();
        var written = store.Write(Index(context), id, body ?? throw DoubleError.Parsing("request body is required"), onlyCreate,
            Long(parameters, "if_seq_no"), Long(parameters, "if_primary_term"));
        RefreshIfAsked(store, parameters, written.Index.Name);
        context.Response.StatusCode = written.Created ? 201 : 200;
        return DoubleDocuments.WriteResult(written.Index, written.Document, written.Created ? "created" : "updated");
    }

    private static JsonObject Get(HttpContext context, DoubleStore store)
    {
        var index = store.Resolve(Index(context))[0];
        var id = context.Request.RouteValues["id"]!.ToString()!;
        if (store.Get(index.Name, id) is not { } document)
        {
            context.Response.StatusCode = 404;
            return new JsonObject { ["_index"] = index.Name, ["_id"] = id, ["found"] = false };
        }
        var result = DoubleDocuments.WriteResult(index, document, "found");
        result.Remove("result");
        result.Remove("_shards");
        result["found"] = true;
        result["_source"] = document.Latest.Source.DeepClone();
        return result;
    }

    /// <summary><c>_mget</c>: realtime (the latest version, refreshed or not), one entry per requested document in order, 200 overall.</summary>
    private static JsonObject MultiGet(DoubleStore store, string? defaultIndex, Dictionary<string, string> parameters, JsonObject? body)
    {
        var requested = body?["docs"] is JsonArray docs
            ? docs.Select(d => (Index: d?["_index"]?.GetValue<string>() ?? defaultIndex, Id: d?["_id"]?.ToString(), Source: d?["_source"])).ToList()
            : (body?["ids"] as JsonArray ?? throw DoubleError.BadRequest("Validation Failed: 1: no documents to get;"))
                .Select(id => (Index: defaultIndex, Id: id?.ToString(), Source: (JsonNode?)null)).ToList();
        var results = new JsonArray();
        foreach (var (indexName, id, sourceSpec) in requested)
        {
            if (indexName is null || id is null)
            {
                throw DoubleError.BadRequest("Validation Failed: 1: index is missing for doc 0;");
            }
            DoubleIndex index;
            try
            {
                index = store.Resolve(indexName).Single();
            }
            catch (DoubleError error)
            {
                var cause = (JsonObject)error.ToBody()["error"]!.DeepClone();
                results.Add(new JsonObject { ["_index"] = indexName, ["_id"] = id, ["error"] = cause });
                continue;
            }
            if (store.Get(index.Name, id) is not { } document)
            {
                results.Add(new JsonObject { ["_index"] = index.Name, ["_id"] = id, ["found"] = false });
                continue;
            }
            var result = DoubleDocuments.WriteResult(index, document, "found");
            result.Remove("result");
            result.Remove("_shards");
            result["found"] = true;
            if (SourceFilter.Apply(document.Latest.Source, sourceSpec, parameters) is { } source)
            {
                result["_source"] = source;
            }
            results.Add(result);
        }
        return new JsonObject { ["docs"] = results };
    }

    private static JsonObject Update(HttpContext context, DoubleStore store, Dictionary<string, string> parameters, JsonObject? body)
    {
        var index = Index(context);
        var id = context.Request.RouteValues["id"]!.ToString()!;
        var existing = store.Get(index, id) ?? throw new DoubleError(404, "document_missing_exception", $"[{id}]: document missing",
            new JsonObject { ["index_uuid"] = "_na_", ["shard"] = "0", ["index"] = index });
        var merged = DoubleDocuments.Merge(existing.Latest.Source, body?["doc"] as JsonObject ?? []);
        if (JsonNode.DeepEquals(merged, existing.Latest.Source))
        {
            var noop = DoubleDocuments.WriteResult(store.Resolve(index)[0], existing, "noop");
            noop["_shards"] = new JsonObject { ["total"] = 0, ["successful"] = 0, ["failed"] = 0 };
            return noop;
        }
        var written = store.Write(index, id, merged, false, Long(parameters, "if_seq_no"), Long(parameters, "if_primary_term"));
        RefreshIfAsked(store, parameters, index);
        return DoubleDocuments.WriteResult(written.Index, written.Document, "updated");
    }

    private static void RefreshIfAsked(DoubleStore store, Dictionary<string, string> parameters, string? index)
    {
        if (parameters.TryGetValue("refresh", out var refresh) && refresh is "" or "true" or "wait_for")
        {
            store.Refresh(index);
        }
    }

    private static Task Respond(HttpContext context, Func<Dictionary<string, string>, JsonObject?, JsonObject> handle) =>
        RespondRaw(context, (parameters, bytes) =>
        {
            JsonObject? body;
            try
            {
                body = bytes.Length == 0 ? null : JsonNode.Parse(bytes) as JsonObject ?? throw DoubleError.Parsing("request body must be an object");
            }
            catch (JsonException ex)
            {
                throw new DoubleError(400, "x_content_parse_exception", ex.Message);
            }
            return handle(parameters, body);
        });

    private static async Task RespondRaw(HttpContext context, Func<Dictionary<string, string>, byte[], JsonObject> handle)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var parameters = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        JsonObject response;
        try
        {
            response = handle(parameters, buffer.ToArray());
        }
        catch (DoubleError error)
        {
            await WriteErrorAsync(context, error);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug in the double shows up as a 500 whose body says where, instead of an empty answer.
            await WriteErrorAsync(context, new DoubleError(500, "double_internal_error", ex.ToString()));
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(JsonOptions), context.RequestAborted);
    }

    private static string Index(HttpContext context) => context.Request.RouteValues["index"]!.ToString()!;

    private static long? Long(Dictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
