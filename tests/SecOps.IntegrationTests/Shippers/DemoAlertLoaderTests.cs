using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Shippers;

/// <summary>
/// deploy/elasticsearch/load-demo-alerts.sh (bash + curl), run as shipped against SecOps's own compatible endpoint as
/// a dry target: the same bulk request it sends a real cluster, so its documents must be valid Elastic Security alerts.
/// </summary>
[Trait("Category", "Shipper")]
public sealed class DemoAlertLoaderTests : IDisposable
{
    private const string Script = "deploy/elasticsearch/load-demo-alerts.sh";

    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<ProcessResult> LoadAsync(string key, int count)
    {
        ShipperProcess.Require("/usr/bin/curl", "curl");
        return ShipperProcess.RunAsync("/bin/bash", [RepositoryFiles.PathOf(Script), "--no-index-setup", "--count", count.ToString()],
            new Dictionary<string, string> { ["ES_URL"] = new Uri(_app.BaseAddress, "/api/v1/elastic").ToString(), ["ES_API_KEY"] = key });
    }

    [Fact]
    public async Task LoadScript_DeliversTriageableElasticSecurityAlerts_WithRecurringEntities()
    {
        var key = await _app.CreateApiKeyAsync(PermissionTable.ScopeIngest);
        const int count = 25;

        var result = await LoadAsync(key, count);

        Assert.True(result.ExitCode == 0, "load-demo-alerts.sh failed: " + result);
        var alerts = await ShippedAlerts.ReadAsync(_app);
        Assert.Equal(count, alerts.Count);
        Assert.All(alerts, a =>
        {
            Assert.True(Guid.TryParse(a.DocumentId, out _), a.DocumentId);
            Assert.False(string.IsNullOrEmpty(a.RuleId));
            Assert.False(string.IsNullOrEmpty(a.Reason));
            Assert.False(string.IsNullOrEmpty(a.HostName));
            Assert.False(string.IsNullOrEmpty(a.UserName));
            Assert.False(string.IsNullOrEmpty(a.SourceIp));
            Assert.False(string.IsNullOrEmpty(a.MitreTactic));
            Assert.False(string.IsNullOrEmpty(a.MitreTechnique));
            Assert.NotNull(a.RiskScore);
            Assert.Equal("open", a.Status);
            Assert.True(a.EventTime <= a.AlertTime);
        });
        Assert.True(alerts.Select(a => a.HostName).Distinct().Count() < count, "hosts should recur so grouping has something to join");
        Assert.True(alerts.Select(a => a.Severity).Distinct().Count() > 1, "the demo should span severities");
    }

    [Fact]
    public async Task LoadScript_WithAnUnknownKey_FailsAndSaysWhy()
    {
        var result = await LoadAsync("soc_not-a-key-of-this-installation-0123456789", 3);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("401", result.StandardError);
        Assert.Contains("security_exception", result.StandardError);
        Assert.Empty(await ShippedAlerts.ReadAsync(_app));
    }
}
