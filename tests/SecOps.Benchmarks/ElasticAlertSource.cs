using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Tail;

namespace SecOps.Benchmarks;

/// <summary>
/// Elastic Security's alert index in the integration tests' Elasticsearch double: real Kestrel on 127.0.0.1 in this
/// process, in memory, with searchability under the benchmark's control. Counts the searches the tails send to the
/// alert index and the time the double takes to answer them, so its own cost can be told apart from the app's.
/// </summary>
public sealed class ElasticAlertSource : IAsyncDisposable
{
    public const string Index = ".alerts-security.alerts-default";

    private long _searches;
    private long _searchTicks;
    private long _firstSearchTimestamp;

    private ElasticAlertSource(ElasticsearchDouble node)
    {
        Node = node;
        node.OnRequest = Record;
    }

    public ElasticsearchDouble Node { get; }

    /// <summary>What the double has answered to searches of the alert index so far.</summary>
    public SearchLoad Load => new(Interlocked.Read(ref _searches), TimeSpan.FromTicks(
        (long)(Interlocked.Read(ref _searchTicks) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency))));

    /// <summary>The stopwatch time of the first alert search after <see cref="WatchFirstSearch"/>, or null before one came.</summary>
    public long? FirstSearchTimestamp => Interlocked.Read(ref _firstSearchTimestamp) is > 0 and var at ? at : null;

    public static async Task<ElasticAlertSource> StartAsync()
    {
        var node = await ElasticsearchDouble.StartAsync();
        // The fields the tail sorts and filters on, typed as Elastic Security's alert index template types them; the rest map dynamically.
        node.Store.Create(Index, new JsonObject
        {
            ["mappings"] = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["@timestamp"] = new JsonObject { ["type"] = "date" },
                    ["kibana.alert.uuid"] = new JsonObject { ["type"] = "keyword" },
                    ["kibana.alert.original_time"] = new JsonObject { ["type"] = "date" },
                    ["kibana.alert.workflow_status"] = new JsonObject { ["type"] = "keyword" },
                    ["kibana.alert.workflow_status_updated_at"] = new JsonObject { ["type"] = "date" },
                    ["kibana.alert.rule.name"] = new JsonObject { ["type"] = "keyword" },
                    ["kibana.alert.rule.rule_id"] = new JsonObject { ["type"] = "keyword" },
                    ["kibana.alert.severity"] = new JsonObject { ["type"] = "keyword" },
                    ["kibana.alert.risk_score"] = new JsonObject { ["type"] = "float" },
                    ["kibana.alert.reason"] = new JsonObject { ["type"] = "keyword" },
                },
            },
        });
        return new ElasticAlertSource(node);
    }

    /// <summary>
    /// The benchmark documents as Kibana writes them: millisecond UTC times, no demo marker. Returns the <c>_id</c>,
    /// which for Elastic Security alerts is <c>kibana.alert.uuid</c>.
    /// </summary>
    public static string Shape(JsonObject document)
    {
        foreach (var field in (string[])["@timestamp", "kibana.alert.original_time"])
        {
            var at = DateTimeOffset.Parse(document[field]!.GetValue<string>(), CultureInfo.InvariantCulture);
            document[field] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        document.Remove("secops.demo");
        return document["kibana.alert.uuid"]!.GetValue<string>();
    }

    /// <summary>Writes a document; search sees it after a refresh (or the store's refresh interval).</summary>
    public void Add(JsonObject document) => Node.Index(Index, Shape(document), document);

    /// <summary>Makes every write so far searchable, like <c>POST /.alerts-security.alerts-default/_refresh</c>.</summary>
    public void Refresh() => Node.Store.Refresh(Index);

    /// <summary>Records the next alert search's time in <see cref="FirstSearchTimestamp"/>.</summary>
    public void WatchFirstSearch() => Interlocked.Exchange(ref _firstSearchTimestamp, 0);

    /// <summary>The app's configuration for this source: the double as the only node, the Elastic Security preset, plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> AppSettings(IDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{ElasticsearchOptions.SectionName}:Nodes:0"] = Node.Uri.ToString(),
            [$"{ElasticsearchOptions.SectionName}:Preset"] = "ElasticSecurity",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>Registers the tails in the app (idempotent: Program.cs registers them too when it sees the node setting).</summary>
    public static void AddTail(IServiceCollection services) => ElasticsearchTailSetup.AddTailServices(services);

    public ValueTask DisposeAsync() => Node.DisposeAsync();

    private void Record(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.EndsWith("/_search", StringComparison.Ordinal) || !path.Contains(".alerts-security", StringComparison.Ordinal))
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstSearchTimestamp, started, 0);
        // The answer starts once the double has run the search; its sending is the client's time as much as the double's.
        context.Response.OnStarting(() =>
        {
            Interlocked.Increment(ref _searches);
            Interlocked.Add(ref _searchTicks, Stopwatch.GetTimestamp() - started);
            return Task.CompletedTask;
        });
    }

    /// <summary>Alert searches answered and the double's time inside them, summed.</summary>
    public readonly record struct SearchLoad(long Searches, TimeSpan Time)
    {
        public static SearchLoad operator -(SearchLoad after, SearchLoad before) => new(after.Searches - before.Searches, after.Time - before.Time);
    }
}
