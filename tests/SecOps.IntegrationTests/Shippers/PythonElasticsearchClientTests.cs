using System.Text.Json;
using SecOps.IntegrationTests.Elasticsearch;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Ingest.Elastic;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Shippers;

/// <summary>
/// Black box: Debian's official Elasticsearch Python client (7.17) ships real Elastic Security alert documents to
/// SecOps's Elasticsearch-compatible endpoint with <c>helpers.bulk</c>; the alerts are then read back through
/// <c>GET /api/v1/alerts</c>.
/// </summary>
[Trait("Category", "Shipper")]
public sealed class PythonElasticsearchClientTests : IDisposable
{
    private const string HitsFixture = "alerts/security_alert_hits_from_es_archives.ndjson";

    private readonly SecOpsApp _app = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("secops-python-shipper-").FullName;

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Uri ElasticUrl => new(_app.BaseAddress, "/api/v1/elastic/");

    private static List<JsonElement> Hits() => File.ReadLines(ElasticsearchFixtures.PathOf(HitsFixture))
        .Where(l => l.Trim().Length > 0)
        .Select(l => JsonDocument.Parse(l).RootElement.Clone())
        .ToList();

    private string HitsFile()
    {
        var path = Path.Combine(_directory, "hits.ndjson");
        File.Copy(ElasticsearchFixtures.PathOf(HitsFixture), path, overwrite: true);
        return path;
    }

    private static List<string> Warnings(JsonElement report) => report.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();

    private static void AssertShippedWithoutError(JsonElement report, int count)
    {
        Assert.False(report.TryGetProperty("exception", out var exception), "the client raised " + exception);
        // The client's product check (GET /: version, tagline, build flavour, X-Elastic-Product) passed without a warning.
        Assert.Empty(Warnings(report));
        Assert.Equal(count, report.GetProperty("success").GetInt32());
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
    }

    [Theory]
    [InlineData("api-key")]
    [InlineData("basic")]
    public async Task HelpersBulk_ShipsElasticSecurityAlerts_ThatTheReadApiThenReturns(string auth)
    {
        var key = await _app.CreateApiKeyAsync(PermissionTable.ScopeIngest);
        var hits = Hits();

        var report = await PythonElasticsearchClient.ShipAsync(ElasticUrl, key, HitsFile(), auth);

        AssertShippedWithoutError(report, hits.Count);
        Assert.Equal(new ElasticCompatOptions().Version, report.GetProperty("info").GetProperty("version").GetProperty("number").GetString());
        Assert.Equal("active", report.GetProperty("license").GetProperty("status").GetString());
        var alerts = await ShippedAlerts.ReadAsync(_app);
        Assert.Equal(hits.Select(h => h.GetProperty("_id").GetString()).Order(), alerts.Select(a => a.DocumentId).Order());
        foreach (var hit in hits)
        {
            var source = new FlatDocument(hit.GetProperty("_source"));
            var alert = alerts.Single(a => a.DocumentId == hit.GetProperty("_id").GetString());
            Assert.Equal(DateTimeOffset.Parse(source.String("@timestamp")!), alert.AlertTime);
            Assert.Equal("elastic-bulk", alert.Source);
            if (source.String("kibana.alert.rule.name") is { } ruleName)
            {
                Assert.Equal(ruleName, alert.RuleName);
            }
            if (source.String("kibana.alert.severity") is { } severity)
            {
                Assert.Equal(severity, alert.Severity);
            }
        }
    }

    [Fact]
    public async Task HelpersBulk_CreateOfStoredIds_Reports409PerItem_AndIndexUpdatesWithoutResettingTriage()
    {
        var key = await _app.CreateApiKeyAsync(PermissionTable.ScopeIngest);
        var hits = Hits();
        var file = HitsFile();
        AssertShippedWithoutError(await PythonElasticsearchClient.ShipAsync(ElasticUrl, key, file, op: "create"), hits.Count);
        var acknowledged = (await ShippedAlerts.ReadAsync(_app)).First();
        var analyst = new Actor("analyst-1", "Ana Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        Assert.True((await _app.Get<AlertTriage>().AcknowledgeAsync(analyst, acknowledged.Id, CancellationToken.None)).Succeeded);

        var again = await PythonElasticsearchClient.ShipAsync(ElasticUrl, key, file, op: "create");
        var reindexed = await PythonElasticsearchClient.ShipAsync(ElasticUrl, key, file, op: "index");

        Assert.Equal(0, again.GetProperty("success").GetInt32());
        var conflicts = again.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("create")).ToList();
        Assert.Equal(hits.Count, conflicts.Count);
        Assert.All(conflicts, c =>
        {
            Assert.Equal(409, c.GetProperty("status").GetInt32());
            Assert.Equal("version_conflict_engine_exception", c.GetProperty("error").GetProperty("type").GetString());
        });
        AssertShippedWithoutError(reindexed, hits.Count);
        var alerts = await ShippedAlerts.ReadAsync(_app);
        Assert.Equal(hits.Count, alerts.Count);
        Assert.Equal("acknowledged", alerts.Single(a => a.Id == acknowledged.Id).Status);
    }

    [Fact]
    public async Task CompatibilityMode_VersionedMediaTypesOfTheClient_AreAccepted()
    {
        var key = await _app.CreateApiKeyAsync(PermissionTable.ScopeIngest);
        var hits = Hits();

        // The client then sends Accept and Content-Type application/vnd.elasticsearch+json;compatible-with=7.
        var report = await PythonElasticsearchClient.ShipAsync(ElasticUrl, key, HitsFile(),
            environment: new Dictionary<string, string> { ["ELASTIC_CLIENT_APIVERSIONING"] = "1" });

        AssertShippedWithoutError(report, hits.Count);
        Assert.Equal(hits.Count, (await ShippedAlerts.ReadAsync(_app)).Count);
    }

    [Theory]
    [InlineData("api-key")]
    [InlineData("basic")]
    public async Task UnknownKey_ClientRaisesAuthenticationExceptionNamingElasticsearchsErrorType(string auth)
    {
        var report = await PythonElasticsearchClient.ShipAsync(ElasticUrl, "soc_not-a-key-of-this-installation-0123456789", HitsFile(), auth);

        var exception = report.GetProperty("exception");
        Assert.Equal("AuthenticationException", exception.GetProperty("class").GetString());
        Assert.Equal(401, exception.GetProperty("status").GetInt32());
        Assert.Equal("security_exception", exception.GetProperty("error").GetString());
        Assert.Empty(await ShippedAlerts.ReadAsync(_app));
    }

    [Fact]
    public async Task KeyWithoutIngestScope_ClientRaisesAuthorizationException()
    {
        var readOnly = await _app.CreateApiKeyAsync(PermissionTable.ScopeRead);

        var report = await PythonElasticsearchClient.ShipAsync(ElasticUrl, readOnly, HitsFile());

        var exception = report.GetProperty("exception");
        Assert.Equal("AuthorizationException", exception.GetProperty("class").GetString());
        Assert.Equal(403, exception.GetProperty("status").GetInt32());
        Assert.Equal("security_exception", exception.GetProperty("error").GetString());
        Assert.Empty(await ShippedAlerts.ReadAsync(_app));
    }
}
