using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>
/// The real app with the alert tail pointed at an <see cref="ElasticsearchDouble"/>: short poll interval and look-back,
/// no client retries (so each fault reaches the tail), and a store in <see cref="StoreDirectory"/>, which outlives the
/// app so a second app can restart on the same data. The tail is wired here whether or not Program.cs calls
/// <c>AddElasticsearchTail</c> (its registration is idempotent).
/// </summary>
public sealed class TailApp(ElasticsearchDouble node, string storeDirectory, IDictionary<string, string?>? settings = null)
    : SecOpsApp(Settings(node, storeDirectory, settings))
{
    public const string Index = ".alerts-security.alerts-default";
    private const string Section = ElasticsearchOptions.SectionName;

    public string StoreDirectory { get; } = storeDirectory;

    public AlertTail Tail => Get<AlertTail>();

    public SourceStatus? Health => Get<SourceHealth>().Status(AlertTail.HealthName);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => ElasticsearchTailSetup.AddTailServices(services));
    }

    public static string NewStoreDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "secops-tail-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The alert index with the mapping Elastic Security gives it (keyword ids, date times).</summary>
    public static void CreateAlertIndex(ElasticsearchDouble node) => node.Store.Create(Index, new JsonObject
    {
        ["mappings"] = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["@timestamp"] = new JsonObject { ["type"] = "date" },
                ["kibana.alert.uuid"] = new JsonObject { ["type"] = "keyword" },
                ["kibana.alert.workflow_status"] = new JsonObject { ["type"] = "keyword" },
                ["kibana.alert.workflow_status_updated_at"] = new JsonObject { ["type"] = "date" },
                ["kibana.alert.rule.name"] = new JsonObject { ["type"] = "keyword" },
                ["kibana.alert.severity"] = new JsonObject { ["type"] = "keyword" },
            },
        },
    });

    /// <summary>An Elastic Security alert document; its <c>_id</c> is its uuid, as Kibana writes them.</summary>
    public static JsonObject Alert(string uuid, DateTimeOffset at, string status = "open", DateTimeOffset? statusChangedAt = null)
    {
        var document = new JsonObject
        {
            ["@timestamp"] = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["kibana.alert.uuid"] = uuid,
            ["kibana.alert.rule.name"] = "Tail test rule",
            ["kibana.alert.severity"] = "high",
            ["kibana.alert.workflow_status"] = status,
            ["host"] = new JsonObject { ["name"] = "host-" + uuid },
        };
        if (statusChangedAt is { } changed)
        {
            document["kibana.alert.workflow_status_updated_at"] = changed.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        }
        return document;
    }

    public async Task<List<Alert>> AlertsAsync()
    {
        await using var db = await Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<int> FeedCountAsync(ChangeKind kind)
    {
        await using var db = await Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.ChangeFeed.CountAsync(c => c.Kind == kind);
    }

    public async Task<SourceCheckpoint?> CheckpointAsync(string name = "elasticsearch:ElasticSecurity:alerts")
    {
        await using var db = await Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.SourceCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Source == name);
    }

    public static void DeleteStore(string directory) => TestStore.Delete(directory);

    private static Dictionary<string, string?> Settings(ElasticsearchDouble node, string storeDirectory, IDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>(TestStore.Settings(storeDirectory, fromTemplate: false))
        {
            ["SecOps:Secrets:Directory"] = Path.Combine(storeDirectory, "keys"),
            [$"{Section}:Nodes:0"] = node.Uri.ToString(),
            [$"{Section}:PollInterval"] = "00:00:00.150",
            [$"{Section}:LookBack"] = "00:00:05",
            [$"{Section}:RequestTimeout"] = "00:00:00.500",
            [$"{Section}:MaxRetries"] = "0",
            [$"{Section}:RetryBaseDelay"] = "00:00:00.020",
            [$"{Section}:CircuitBreakerMinimumThroughput"] = "10000",
            [$"{Section}:CircuitBreakDuration"] = "00:00:00.500",
            [$"{TailOptions.SectionName}:MaxBackoff"] = "00:00:00.400",
            // A slow start on a busy machine must not push the tests' first documents out of the first poll's window.
            [$"{TailOptions.SectionName}:InitialLookBack"] = "01:00:00",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }
}
