using System.Diagnostics;
using System.Text;
using SecOps.Web.Data;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "ingest": NDJSON batches through POST /api/v1/alerts with a fixed number of requests in
/// flight, on SQLite or PostgreSQL (<c>--store</c>), against that store's bare baseline of the same rows inserted with
/// prepared statements in the same run. Targets (issue #13): at least 25,000 alerts/s, and at least 0.8 of the baseline's rate.
/// </summary>
public static class IngestBenchmark
{
    public const double TargetRate = 25_000;
    public const double TargetRatio = 0.8;

    private static readonly byte[] NoErrors = Encoding.UTF8.GetBytes("\"errors\":false");

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"== ingest: {settings.Alerts:N0} alerts (+{settings.Warmup:N0} warm-up), batches of {settings.BatchSize:N0}, {settings.InFlight} in flight");
        var documents = new AlertDocuments(seed: 1);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var warmup = documents.NdjsonBatches(settings.Warmup, settings.BatchSize, start);
        var measured = documents.NdjsonBatches(settings.Alerts, settings.BatchSize, start.AddMilliseconds(settings.Warmup));
        Console.WriteLine($"   {measured.Sum(b => (long)b.Length) / (double)settings.Alerts:F0} bytes per document");

        Console.WriteLine($"   store: {settings.Store}; load average before: {LoadAverage()}");
        TimeSpan api;
        using (var profile = settings.Profile ? new EfCommandProfile() : null)
        using (var host = new BenchmarkHost(store: settings.Store))
        using (var client = host.ApiClient())
        {
            await PostAllAsync(client, warmup, settings.InFlight);
            profile?.Start();
            api = await PostAllAsync(client, measured, settings.InFlight);
            Report("api", settings.Alerts, api);
            Console.WriteLine($"   {api.TotalMilliseconds / measured.Count:F1} ms per request of {settings.BatchSize:N0} (writes are serialised)");
            if (profile is not null)
            {
                Console.WriteLine("   EF Core inside the app, in the measured part (the spans include the commands below them):");
                profile.Print("     ", measured.Count, "request");
            }
        }
        var apiRate = settings.Alerts / api.TotalSeconds;

        var now = DateTimeOffset.UtcNow;
        var warmupRows = SqliteBaseline.Rows(warmup, now);
        // Splitting and mapping is the app's own work per request too; timed apart, as a hint where the API's time goes.
        var mapping = Stopwatch.StartNew();
        var rows = SqliteBaseline.Rows(measured, now);
        Console.WriteLine($"   (split+parse+map of the same documents, one thread: {mapping.Elapsed.TotalSeconds:F2} s, {settings.Alerts / mapping.Elapsed.TotalSeconds:N0} alerts/s)");
        if (settings.Store == StoreProvider.Postgres)
        {
            // The app writes one row per round trip; this shows what that costs beside the pipelined baseline below.
            using var oneByOne = new PostgresBaseline(pipelined: false);
            oneByOne.Insert(warmupRows);
            var elapsed = oneByOne.Insert(rows);
            Report("bare 1x1", settings.Alerts, elapsed);
            Console.WriteLine($"   ({oneByOne.Describe()})");
        }
        TimeSpan bare;
        using (IIngestBaseline baseline = settings.Store == StoreProvider.Postgres ? new PostgresBaseline(pipelined: true) : new SqliteBaseline())
        {
            baseline.Insert(warmupRows);
            bare = baseline.Insert(rows);
            Report("baseline", settings.Alerts, bare);
            Console.WriteLine($"   (baseline: {baseline.Describe()})");
        }
        var bareRate = settings.Alerts / bare.TotalSeconds;

        var ratio = apiRate / bareRate;
        Console.WriteLine($"   ratio api/baseline   {ratio,10:F2}");
        Console.WriteLine($"   target {TargetRate:N0} alerts/s: {(apiRate >= TargetRate ? "met" : "MISSED")}; target ratio >= {TargetRatio}: {(ratio >= TargetRatio ? "met" : "MISSED")}; load average after: {LoadAverage()}");
    }

    /// <summary>The 1, 5 and 15 minute load averages: other work on a shared machine moves these figures.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static void Report(string name, int alerts, TimeSpan elapsed) =>
        Console.WriteLine($"   {name,-9} {alerts,10:N0} alerts {elapsed.TotalSeconds,8:F2} s {alerts / elapsed.TotalSeconds,10:N0} alerts/s");

    /// <summary>Posts every batch with <paramref name="inFlight"/> requests outstanding; fails on any rejected item.</summary>
    private static async Task<TimeSpan> PostAllAsync(HttpClient client, List<byte[]> batches, int inFlight)
    {
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Count)
            {
                using var content = AlertDocuments.Content(batches[index]);
                using var response = await client.PostAsync("/api/v1/alerts", content);
                var answer = await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode || answer.AsSpan().IndexOf(NoErrors) < 0)
                {
                    throw new InvalidOperationException($"Batch {index}: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 400)))}");
                }
            }
        }));
        return stopwatch.Elapsed;
    }
}
