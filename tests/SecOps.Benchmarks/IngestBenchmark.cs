using System.Diagnostics;
using System.Text;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "ingest": NDJSON batches through POST /api/v1/alerts with a fixed number of requests in
/// flight, against the bare baseline of the same rows inserted with prepared statements.
/// Targets: at least 25,000 alerts/s, and at least half the baseline's rate.
/// </summary>
public static class IngestBenchmark
{
    public const double TargetRate = 25_000;
    public const double TargetRatio = 0.5;

    private static readonly byte[] NoErrors = Encoding.UTF8.GetBytes("\"errors\":false");

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"== ingest: {settings.Alerts:N0} alerts (+{settings.Warmup:N0} warm-up), batches of {settings.BatchSize:N0}, {settings.InFlight} in flight");
        var documents = new AlertDocuments(seed: 1);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var warmup = documents.NdjsonBatches(settings.Warmup, settings.BatchSize, start);
        var measured = documents.NdjsonBatches(settings.Alerts, settings.BatchSize, start.AddMilliseconds(settings.Warmup));
        Console.WriteLine($"   {measured.Sum(b => (long)b.Length) / (double)settings.Alerts:F0} bytes per document");

        TimeSpan api;
        using (var profile = settings.Profile ? new EfCommandProfile() : null)
        using (var host = new BenchmarkHost())
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

        TimeSpan bare;
        string pragmas;
        using (var baseline = new SqliteBaseline())
        {
            pragmas = baseline.Pragmas();
            var now = DateTimeOffset.UtcNow;
            baseline.Insert(SqliteBaseline.Rows(warmup, now));
            // Splitting and mapping is the app's own work per request too; timed apart, as a hint where the API's time goes.
            var mapping = Stopwatch.StartNew();
            var rows = SqliteBaseline.Rows(measured, now);
            Console.WriteLine($"   (split+parse+map of the same documents, one thread: {mapping.Elapsed.TotalSeconds:F2} s, {settings.Alerts / mapping.Elapsed.TotalSeconds:N0} alerts/s)");
            bare = baseline.Insert(rows);
        }
        var bareRate = settings.Alerts / bare.TotalSeconds;
        Report("baseline", settings.Alerts, bare);
        Console.WriteLine($"   (baseline ran with {pragmas})");

        var ratio = apiRate / bareRate;
        Console.WriteLine($"   ratio api/baseline   {ratio,10:F2}");
        Console.WriteLine($"   target {TargetRate:N0} alerts/s: {(apiRate >= TargetRate ? "met" : "MISSED")}; target ratio >= {TargetRatio}: {(ratio >= TargetRatio ? "met" : "MISSED")}");
    }

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
