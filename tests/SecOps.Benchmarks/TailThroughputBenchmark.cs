using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "tail-throughput": N Elastic Security alert documents already in Elasticsearch (the in-process double on
/// loopback), made searchable at one instant while the app's real <see cref="AlertTail"/> is idle-polling them; measured
/// until all N are rows in the store (a count through <see cref="AlertQueries"/>), with the tail's default page size and
/// the default 1 s poll interval. The double's own time answering the searches is printed beside it.
/// </summary>
public static class TailThroughputBenchmark
{
    // Documents are spread over the hour before the run, as a backlog after an outage would be; the first poll reads back 2 h.
    private static readonly TimeSpan Spread = TimeSpan.FromHours(1);
    private const string InitialLookBack = "02:00:00";
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(50);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        var n = settings.TailAlerts;
        var pageSize = new TailOptions().PageSize;
        Console.WriteLine($"== tail-throughput: {n:N0} Elastic Security alerts from Elasticsearch into the store through AlertTail (page {pageSize}, poll 1 s)");
        Console.WriteLine("   Elasticsearch is the in-test double, in this process on loopback (127.0.0.1): in-memory, no network, no Lucene; it shares the 2 cores");

        await using var source = await ElasticAlertSource.StartAsync();
        var loading = Stopwatch.StartNew();
        var documents = new AlertDocuments(seed: 31);
        var start = DateTimeOffset.UtcNow - Spread - TimeSpan.FromMinutes(1);
        long bytes = 0;
        for (var i = 0; i < n; i++)
        {
            var document = documents.Next(start + Spread * i / n);
            source.Add(document);
            if (i < 1_000)
            {
                bytes += Encoding.UTF8.GetByteCount(document.ToJsonString());
            }
        }
        Console.WriteLine($"   loaded {n:N0} documents into the double (not searchable yet) in {loading.Elapsed.TotalSeconds:F1} s; {bytes / Math.Min(n, 1_000):N0} bytes of JSON per document");

        var appSettings = source.AppSettings(new Dictionary<string, string?>
        {
            [$"{TailOptions.SectionName}:InitialLookBack"] = InitialLookBack,
        });
        using var profile = settings.Profile ? new EfCommandProfile() : null;
        using var host = new BenchmarkHost(ElasticAlertSource.AddTail, appSettings);
        var queries = host.Services.GetRequiredService<AlertQueries>();
        var tail = host.Services.GetRequiredService<AlertTail>();
        var interval = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ElasticsearchOptions>>().Value.PollInterval;

        // The tail is up and polling an index with nothing searchable: two searches of the alert index have been answered.
        await WaitAsync(() => Task.FromResult(source.Load.Searches >= 2), TimeSpan.FromMinutes(1), "the tail never searched the double");
        var idle = Memory.Measure();
        Console.WriteLine($"   app up, tail idle (poll interval {interval}): managed {Mb(idle.Managed)} (the double's documents included), working set {Mb(idle.WorkingSet)}");

        var before = source.Load;
        source.WatchFirstSearch();
        profile?.Start();
        var refreshed = Stopwatch.GetTimestamp();
        source.Refresh();
        var peak = idle.Managed;
        var lastReport = Stopwatch.StartNew();
        var deadline = Stopwatch.StartNew();
        var stored = 0;
        // The tail's counter (documents handed to ingest, counted once their page is committed) is cheap to read; the store's
        // count through AlertQueries, a scan of a growing table, is read when the counter says all are in (and every 15 s).
        while (tail.Ingested < n || (stored = await CountAsync(queries)) < n)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            if (lastReport.Elapsed > TimeSpan.FromSeconds(15))
            {
                stored = await CountAsync(queries);
                Console.WriteLine($"     ... {stored:N0} in the store after {Stopwatch.GetElapsedTime(refreshed).TotalSeconds:F0} s (the double answering searches {(source.Load - before).Time.TotalSeconds:F0} s of it)");
                lastReport.Restart();
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(30))
            {
                Console.WriteLine($"   only {stored:N0} of {n:N0} in the store after 30 min: stopped");
                return;
            }
            await Task.Delay(SampleEvery);
        }
        var done = Stopwatch.GetTimestamp();
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        var load = source.Load - before;
        var firstSearch = source.FirstSearchTimestamp ?? refreshed;
        var fromRefresh = Stopwatch.GetElapsedTime(refreshed, done);
        var fromFirstSearch = Stopwatch.GetElapsedTime(firstSearch, done);
        var final = Memory.Measure();

        Console.WriteLine($"   {stored:N0} rows in the store (tail handed {tail.Ingested:N0} documents to ingest)");
        Console.WriteLine($"   refresh -> all in store      {fromRefresh.TotalSeconds,8:F2} s  (includes up to one poll interval before the first search)");
        Console.WriteLine($"   first search -> all in store {fromFirstSearch.TotalSeconds,8:F2} s {n / fromFirstSearch.TotalSeconds,10:N0} documents/s   [double in-process on loopback]");
        Console.WriteLine($"   double: {load.Searches:N0} alert searches answered in {load.Time.TotalSeconds:F2} s together ({load.Time.TotalMilliseconds / Math.Max(load.Searches, 1):F1} ms each);"
            + $" without them {n / Math.Max((fromFirstSearch - load.Time).TotalSeconds, 0.001):N0} documents/s");
        Console.WriteLine($"   managed memory: peak {Mb(peak)} (sampled every {SampleEvery.TotalMilliseconds} ms; garbage, the double's too, included; {Mb(peak - idle.Managed)} over idle), final {Mb(final.Managed)} after a full GC"
            + $" ({Mb(final.Managed - idle.Managed)} over idle); working set {Mb(final.WorkingSet)}, peak {Mb(final.PeakWorkingSet)}");
        if (profile is not null)
        {
            Console.WriteLine($"   EF Core inside the app from the refresh on (the spans include the commands below them; the benchmark's counts are among the SELECT Alerts):");
            profile.Print("     ", (n + pageSize - 1) / pageSize, "page");
        }
    }

    private static Task<int> CountAsync(AlertQueries queries) => queries.CountAsync(Actor.System, AlertQuery.All, CancellationToken.None);

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, string failure)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > timeout)
            {
                throw new InvalidOperationException(failure);
            }
            await Task.Delay(50);
        }
    }

    private static string Mb(long bytes) => $"{bytes / 1048576.0:F1} MB";

    private readonly record struct Memory(long Managed, long WorkingSet, long PeakWorkingSet)
    {
        public static Memory Measure()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            return new Memory(managed, process.WorkingSet64, process.PeakWorkingSet64);
        }
    }
}
