using System.Text.Json;
using SecOps.Web.Elasticsearch.Dsl;

namespace SecOps.Web.Elasticsearch;

/// <summary>
/// A script for <c>_update_by_query</c>. The source is fixed text written by us; every value travels in
/// <see cref="Params"/>, so data never becomes script code.
/// </summary>
public sealed record PainlessScript(string Source, IReadOnlyDictionary<string, FieldValue> Params)
{
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("lang", "painless");
        writer.WriteString("source", Source);
        writer.WriteStartObject("params");
        foreach (var (name, value) in Params)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
