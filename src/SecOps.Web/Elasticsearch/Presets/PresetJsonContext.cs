using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SecOps.Web.Elasticsearch.Presets;

[JsonSerializable(typeof(JsonObject))]
internal sealed partial class PresetJsonContext : JsonSerializerContext;
