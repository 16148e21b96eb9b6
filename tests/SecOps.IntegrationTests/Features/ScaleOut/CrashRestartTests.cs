using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Live;
using Xunit.Abstractions;

namespace SecOps.IntegrationTests.Features.ScaleOut;

/// <summary>
/// Crash safety: the built app as a child process is killed with SIGKILL at random moments while alerts arrive through
/// the API and from an Elasticsearch source, and started again on the same store each time. Kill count, longest life
/// and seed come from the environment (<c>SECOPS_TEST_CRASH_KILLS</c>, default 10; <c>SECOPS_TEST_CRASH_MAX_LIFE_MS</c>,
/// default 1000; <c>SECOPS_TEST_CRASH_SEED</c>, default random and printed), so a failure can be replayed.
/// </summary>
public sealed class CrashRestartTests(ITestOutputHelper output) : TailTest
{
    private static readonly int Kills = Setting("SECOPS_TEST_CRASH_KILLS", 10);
    private static readonly int MaxLifeMs = Setting("SECOPS_TEST_CRASH_MAX_LIFE_MS", 1000);

    [Fact]
    public async Task KilledWithSigkillAtRandomMomentsDuringIngestAndTail_AfterEachRestartTheStoreHoldsExactlyTheDocumentsSent()
    {
        var seed = Setting("SECOPS_TEST_CRASH_SEED", Random.Shared.Next());
        output.WriteLine($"seed {seed} (SECOPS_TEST_CRASH_SEED={seed} replays it), {Kills} kills, lives up to {MaxLifeMs} ms");
        var random = new Random(seed);
        var settings = Settings();
        var api = new ApiIngester();
        var source = new SourceIndexer(Node);
        var app = await AppProcess.StartAsync(settings);
        api.Target = app.BaseAddress;
        api.Start();
        source.Start();
        try
        {
            for (var kill = 1; kill <= Kills; kill++)
            {
                // Ingest through the API and the tail both run in this life: the kill lands after the app has acknowledged
                // at least one batch, at a random moment within its life.
                var acknowledged = api.Acknowledged.Count;
                await Eventually.HoldsAsync(() => api.Acknowledged.Count > acknowledged, () => $"an ingest batch acknowledged in life {kill}:\n{app.Log()}",
                    TimeSpan.FromSeconds(60));
                await Task.Delay(random.Next(MaxLifeMs));
                await app.KillAsync();
                output.WriteLine($"kill {kill}: {api.Sent.Count} sent and {api.Acknowledged.Count} acknowledged through the API, {source.Sent.Count} in the source");

                // What the dead app left behind: everything it acknowledged, nothing that was not sent, nothing twice.
                var stored = await StoredAsync();
                Assert.Empty(api.Acknowledged.Except(stored.Ids));
                Assert.Empty(stored.Ids.Except(api.Sent.Concat(source.Sent)));
                Assert.Equal(stored.Ids.Count, stored.Created);

                await app.DisposeAsync();
                app = await AppProcess.StartAsync(settings);
                api.Target = app.BaseAddress;
                source.NewLife();
                await SettleAsync(app, api, source, $"restart {kill}");
            }
        }
        finally
        {
            await api.DisposeAsync();
            await source.DisposeAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// Holds both producers (the API client finishes its batch in flight, retrying until it is acknowledged), waits until
    /// the tail has read the source to its end, then compares the store with everything sent: each id exactly once.
    /// </summary>
    private async Task SettleAsync(AppProcess app, ApiIngester api, SourceIndexer source, string when)
    {
        await api.PauseAsync();
        await source.PauseAsync();
        var sent = api.Sent.Concat(source.Sent).ToHashSet();
        await Eventually.HoldsAsync(async () => await StoredCountAsync() >= sent.Count,
            () => $"after {when}: the store to catch up with {sent.Count} documents sent\n{app.Log()}", TimeSpan.FromSeconds(120));
        var stored = await StoredAsync();
        Assert.Equal(sent.Order(StringComparer.Ordinal), stored.Ids.Order(StringComparer.Ordinal));
        Assert.Equal(sent.Count, stored.Created);
        output.WriteLine($"after {when}: the store holds the {sent.Count} documents sent, each once");
        api.Resume();
        source.Resume();
    }

    /// <summary>The store's document ids, read from outside the app, and how many alerts the change feed says were created.</summary>
    private async Task<(List<string> Ids, int Created)> StoredAsync()
    {
        await using var db = TestStore.Open(Store);
        var ids = await db.Alerts.AsNoTracking().Select(a => a.DocumentId).ToListAsync();
        var created = await db.ChangeFeed.CountAsync(c => c.Kind == ChangeKind.AlertCreated);
        return (ids, created);
    }

    private async Task<int> StoredCountAsync()
    {
        await using var db = TestStore.Open(Store);
        return await db.Alerts.CountAsync();
    }

    private Dictionary<string, string?> Settings()
    {
        var section = ElasticsearchOptions.SectionName;
        var settings = new Dictionary<string, string?>(TestStore.Settings(Store))
        {
            ["SecOps:DataDirectory"] = Store,
            ["SecOps:Bootstrap:ApiKey"] = SecOpsApp.BootstrapKey,
            [$"{section}:Nodes:0"] = Node.Uri.ToString(),
            [$"{section}:PollInterval"] = "00:00:00.100",
            [$"{section}:LookBack"] = "00:00:05",
            // Generous: the double answers slowly when the machine is busy, and a timed-out poll only delays the tail.
            [$"{section}:RequestTimeout"] = "00:00:10",
            [$"{section}:MaxRetries"] = "0",
            [$"{TailOptions.SectionName}:MaxBackoff"] = "00:00:00.400",
            [$"{TailOptions.SectionName}:InitialLookBack"] = "01:00:00",
            [$"{TailOptions.SectionName}:PageSize"] = "100",
            // The killed instance cannot release its lease: its successor takes the source over once the lease expires.
            [$"{TailOptions.SectionName}:LeaseDuration"] = "00:00:01",
        };
        return settings;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>Runs its step over and over in the background until disposed; <see cref="PauseAsync"/> returns between two steps.</summary>
    private abstract class Producer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _turn = new(1, 1);
        private volatile bool _paused;
        private Task? _loop;

        public void Start() => _loop = Task.Run(RunAsync);

        public async Task PauseAsync()
        {
            await _turn.WaitAsync();
            _paused = true;
            _turn.Release();
        }

        public void Resume() => _paused = false;

        protected CancellationToken Stopping => _stop.Token;

        protected abstract Task StepAsync();

        private async Task RunAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                await _turn.WaitAsync(_stop.Token);
                try
                {
                    if (!_paused)
                    {
                        await StepAsync();
                    }
                }
                finally
                {
                    _turn.Release();
                }
                // Paces the producer (a steady stream, not a flood); it synchronises nothing.
                await Task.Delay(10, _stop.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await (_loop ?? Task.CompletedTask);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>
    /// A shipper: NDJSON batches to <c>/api/v1/alerts</c>, each retried (same body) until the app acknowledges every item,
    /// through any number of crashes; ingest is idempotent by document id, so a batch committed before a crash is harmless
    /// to send again.
    /// </summary>
    private sealed class ApiIngester : Producer
    {
        private const int BatchSize = 50;
        private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        private int _batch;

        public ApiIngester() => _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", SecOpsApp.BootstrapKey);

        private volatile Uri? _target;

        /// <summary>The app's address in its current life.</summary>
        public Uri? Target { get => _target; set => _target = value; }

        public ConcurrentBag<string> Sent { get; } = [];

        public ConcurrentBag<string> Acknowledged { get; } = [];

        protected override async Task StepAsync()
        {
            var batch = _batch++;
            var ids = Enumerable.Range(0, BatchSize).Select(i => $"api-{batch}-{i}").ToList();
            foreach (var id in ids)
            {
                Sent.Add(id);
            }
            var body = Documents.Ndjson(ids.Select(id => Documents.Alert(id)));
            while (true)
            {
                Stopping.ThrowIfCancellationRequested();
                if (await TryPostAsync(body) is { } answer)
                {
                    Assert.Equal(ids, answer.Items.Select(i => i.Id));
                    Assert.All(answer.Items, i => Assert.Contains(i.Status, new[] { 200, 201 }));
                    foreach (var id in ids)
                    {
                        Acknowledged.Add(id);
                    }
                    return;
                }
                // The app is down or restarting: try the same batch again shortly.
                await Task.Delay(50, Stopping);
            }
        }

        private async Task<IngestResponse?> TryPostAsync(string body)
        {
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
                using var response = await _client.PostAsync(new Uri(Target!, "api/v1/alerts"), content, Stopping);
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<IngestResponse>(JsonSerializerOptions.Web, Stopping) : null;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException || e is TaskCanceledException && !Stopping.IsCancellationRequested)
            {
                // Refused, reset mid-answer or cut short by the kill: not acknowledged.
                return null;
            }
        }
    }

    /// <summary>
    /// Elastic Security writing alerts into the source index: a few at a time, searchable at once, whatever the app is
    /// doing (so some arrive while it is dead), up to <see cref="PerLife"/> per life of the app, so a slow restart does not
    /// pile up more than a life's worth.
    /// </summary>
    private sealed class SourceIndexer(ElasticsearchDouble node) : Producer
    {
        public const int PerLife = 300;
        private int _next;
        private int _thisLife;

        public ConcurrentBag<string> Sent { get; } = [];

        /// <summary>The app was started again: another life's worth may be written.</summary>
        public void NewLife() => Interlocked.Exchange(ref _thisLife, 0);

        protected override Task StepAsync()
        {
            for (var i = 0; i < 2 && Interlocked.Increment(ref _thisLife) <= PerLife; i++)
            {
                var id = "es-" + _next++;
                node.Index(TailApp.Index, id, TailApp.Alert(id, DateTimeOffset.UtcNow));
                Sent.Add(id);
            }
            node.Refresh();
            return Task.CompletedTask;
        }
    }
}
