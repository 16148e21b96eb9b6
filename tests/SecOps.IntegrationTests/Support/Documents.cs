using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecOps.Web.Features.Ingest;

namespace SecOps.IntegrationTests.Support;

/// <summary>Builds alert documents and posts them the way shippers do.</summary>
public static class Documents
{
    private static int _counter;

    public static JsonObject Alert(string? id = null, string rule = "Test rule", string severity = "high", string host = "host-1", DateTimeOffset? at = null) => new()
    {
        ["@timestamp"] = (at ?? DateTimeOffset.UtcNow).ToString("O"),
        ["kibana.alert.uuid"] = id ?? "it-" + Interlocked.Increment(ref _counter) + "-" + Guid.NewGuid().ToString("N")[..8],
        ["kibana.alert.rule.name"] = rule,
        ["kibana.alert.severity"] = severity,
        ["host"] = new JsonObject { ["name"] = host },
    };

    public static string Ndjson(IEnumerable<JsonObject> documents) =>
        string.Join("\n", documents.Select(d => d.ToJsonString())) + "\n";

    public static async Task<IngestResponse> PostNdjsonAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
        using var response = await client.PostAsync("/api/v1/alerts", content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IngestResponse>(JsonSerializerOptions.Web))!;
    }

    public static Task<IngestResponse> PostAsync(HttpClient client, params JsonObject[] documents) =>
        PostNdjsonAsync(client, Ndjson(documents));
}
