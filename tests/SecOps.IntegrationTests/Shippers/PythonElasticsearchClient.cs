using System.Text.Json;

namespace SecOps.IntegrationTests.Shippers;

/// <summary>
/// Debian's official Elasticsearch Python client (python3-elasticsearch 7.17) running <c>ship_alerts.py</c>:
/// product check, license, then <c>helpers.bulk</c>. Always Debian's interpreter, never another python on PATH.
/// </summary>
public static class PythonElasticsearchClient
{
    public const string Python = "/usr/bin/python3";

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Shippers", "ship_alerts.py");

    /// <summary>Ships the NDJSON file and returns the client's report (<c>info</c>, <c>license</c>, <c>success</c>, <c>errors</c>, <c>exception</c>, <c>warnings</c>).</summary>
    public static async Task<JsonElement> ShipAsync(Uri elasticUrl, string key, string documentsPath, string auth = "api-key", string op = "index",
        string? index = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ShipperProcess.Require(Python, "python3");
        List<string> arguments = [Script, "--url", elasticUrl.ToString(), "--auth", auth, "--key", key, "--documents", documentsPath, "--op", op];
        if (index is not null)
        {
            arguments.AddRange(["--index", index]);
        }
        var result = await ShipperProcess.RunAsync(Python, arguments, environment);
        if (result.StandardError.Contains("No module named 'elasticsearch'", StringComparison.Ordinal))
        {
            Assert.Fail("python3-elasticsearch is missing: install the Debian package (test.sh installs it).");
        }
        Assert.True(result.ExitCode == 0, "ship_alerts.py failed: " + result);
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }
}
