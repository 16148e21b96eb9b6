using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>An error the double answers with, in Elasticsearch's envelope (<c>error.root_cause[]</c>, <c>type</c>, <c>reason</c>, <c>status</c>).</summary>
public sealed class DoubleError(int status, string type, string reason, JsonObject? extra = null) : Exception(reason)
{
    public int Status { get; } = status;
    public string Type { get; } = type;

    public static DoubleError BadRequest(string reason) => new(400, "illegal_argument_exception", reason);

    public static DoubleError Parsing(string reason) => new(400, "parsing_exception", reason);

    public static DoubleError IndexNotFound(string index) => new(404, "index_not_found_exception", $"no such index [{index}]",
        new JsonObject { ["resource.type"] = "index_or_alias", ["resource.id"] = index, ["index_uuid"] = "_na_", ["index"] = index });

    public JsonObject ToBody()
    {
        JsonObject Cause()
        {
            var cause = new JsonObject { ["type"] = Type, ["reason"] = Message };
            foreach (var (key, value) in extra ?? [])
            {
                cause[key] = value?.DeepClone();
            }
            return cause;
        }
        var error = Cause();
        error.Insert(0, "root_cause", new JsonArray(Cause()));
        return new JsonObject { ["error"] = error, ["status"] = Status };
    }
}
