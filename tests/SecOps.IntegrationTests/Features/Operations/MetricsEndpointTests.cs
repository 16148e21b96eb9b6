using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Live;

namespace SecOps.IntegrationTests.Features.Operations;

public sealed partial class MetricsEndpointTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();

    /// <summary>The value of each sample line (name plus labels), as Prometheus would read them.</summary>
    private static Dictionary<string, double> Parse(string text) => Sample().Matches(text).ToDictionary(
        m => m.Groups["labels"].Success ? $"{m.Groups["name"].Value}{{{m.Groups["labels"].Value}}}" : m.Groups["name"].Value,
        m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        using var response = await _app.Client().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scrape_CountsStoredAlerts_StoreWrites_HubConnections_AndPushLatencyOfDeliveredFrames()
    {
        var before = await ScrapeAsync();
        Assert.Equal(0, before["secops_alerts_ingested_total"]);
        Assert.Equal(0, before["secops_hub_connections"]);

        var frames = new Arrivals<AlertFrame>();
        await using var hub = _app.Hub();
        hub.On<AlertFrame>("alerts", frames.Add);
        await hub.StartAsync();
        await hub.InvokeAsync("Resume", _app.Get<LiveFeed>().Head);
        await Documents.PostAsync(_app.Client(), Documents.Alert("m-1"), Documents.Alert("m-2"), Documents.Alert("m-3"));
        await Documents.PostAsync(_app.Client(), Documents.Alert("m-1"));
        await frames.WaitUntilAsync(f => f.Sum(x => x.Items.Count) >= 3, "the three new alerts live");

        var after = await ScrapeAsync();
        Assert.Equal(3, after["secops_alerts_ingested_total"]);
        Assert.Equal(1, after["secops_hub_connections"]);
        Assert.True(after["secops_store_write_seconds_count"] >= 2, "both ingest requests were store writes");
        Assert.True(after["secops_push_latency_seconds_count"] >= 1, "the frame sent to the hub was timed");
        Assert.True(after["secops_push_latency_seconds_sum"] > 0);
    }

    [Fact]
    public async Task WithoutAKey_Is401_AndAKeyWithoutTheMetricsScope_Is403()
    {
        using var anonymous = await _app.Client(apiKey: null).GetAsync("/metrics");
        var readOnly = await _app.CreateApiKeyAsync("read");
        using var wrongScope = await _app.Client(readOnly).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongScope.StatusCode);
        Assert.DoesNotContain("secops_", await wrongScope.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowAnonymous_LetsAScraperWithoutAKeyRead()
    {
        using var open = new SecOpsApp(new Dictionary<string, string?> { ["SecOps:Metrics:AllowAnonymous"] = "true" });
        using var response = await open.Client(apiKey: null).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("secops_alerts_ingested_total 0", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
