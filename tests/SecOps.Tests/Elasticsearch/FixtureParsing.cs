using System.Text.Json;
using SecOps.Tests.Support;
using SecOps.Web.Elasticsearch;

namespace SecOps.Tests.Elasticsearch;

/// <summary>Reads a shared Elasticsearch fixture through the client's source-generated models.</summary>
public static class FixtureParsing
{
    public static T Parse<T>(string relative)
    {
        var bytes = File.ReadAllBytes(SharedFixtures.PathOf(relative));
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)ElasticsearchJsonContext.Default.GetTypeInfo(typeof(T))!;
        return JsonSerializer.Deserialize(bytes, typeInfo) ?? throw new InvalidOperationException($"{relative} parsed to null");
    }

    public static ElasticsearchException Error(string relative)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(SharedFixtures.PathOf(relative)));
        var status = document.RootElement.GetProperty("status").GetInt32();
        return ElasticsearchException.FromResponse(status, File.ReadAllBytes(SharedFixtures.PathOf(relative)));
    }
}
