using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Features.Live;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "replay-stall": hub clients receiving live alerts at a steady rate, first with nothing else going on, then
/// while one more client replays a long history with <c>Resume</c>. Delivery latency is from just before the ingest POST
/// to the alert's arrival at each live client (same process, one clock). Target: p99 during the replay within 2x of
/// the p99 without it.
/// </summary>
public static class ReplayStallBenchmark
{
    public const double TargetRatio = 2;

    private sealed record Posted(long At, int Phase);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        var history = settings.ReplayChanges;
        Console.WriteLine($"== replay-stall: {settings.HubClients} live hub clients at {settings.Rate} alerts/s, {settings.Seconds} s without a replay (half before, half after) and while one client replays {history:N0} changes");
        using var host = new BenchmarkHost();
        using var client = host.ApiClient();
        var feed = host.Services.GetRequiredService<LiveFeed>();
        var from = feed.Head;
        var loading = Stopwatch.StartNew();
        foreach (var body in new AlertDocuments(seed: 51).NdjsonBatches(history, 1_000, DateTimeOffset.UtcNow.AddHours(-2)))
        {
            using var response = await client.PostAsync("/api/v1/alerts", AlertDocuments.Content(body));
            response.EnsureSuccessStatusCode();
        }
        Console.WriteLine($"   history: {feed.Head - from:N0} changes in the feed ({loading.Elapsed.TotalSeconds:F1} s to ingest)");

        var posted = new ConcurrentDictionary<string, Posted>();
        var latencies = new[] { new ConcurrentBag<double>(), new ConcurrentBag<double>(), new ConcurrentBag<double>() };
        var connections = new List<HubConnection>();
        for (var i = 0; i < settings.HubClients; i++)
        {
            var connection = Connect(host);
            connection.On<AlertFrame>("alerts", frame =>
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var item in frame.Items)
                {
                    if (posted.TryGetValue(item.DocumentId, out var sent))
                    {
                        latencies[sent.Phase].Add(Stopwatch.GetElapsedTime(sent.At, now).TotalMilliseconds);
                    }
                }
            });
            await connection.StartAsync();
            await connection.InvokeAsync("Resume", feed.Head);
            connections.Add(connection);
        }

        // Phase 0 warms up; phase 1, without a replay, runs just before and just after phase 2, which lasts as long as
        // the replay does, so a load that drifts on a shared machine weighs on both alike.
        var documents = new AlertDocuments(seed: 52);
        await StreamAsync(client, documents, posted, settings.Rate, 0, Task.Delay(TimeSpan.FromSeconds(3)));
        var quietBefore = await StreamAsync(client, documents, posted, settings.Rate, 1, Task.Delay(TimeSpan.FromSeconds(settings.Seconds / 2.0)));

        var replayed = 0L;
        await using var replayer = Connect(host);
        replayer.On<AlertFrame>("alerts", frame => Interlocked.Add(ref replayed, frame.Items.Count));
        await replayer.StartAsync();
        var replayClock = Stopwatch.StartNew();
        var resume = replayer.InvokeAsync("Resume", from);
        var during = await StreamAsync(client, documents, posted, settings.Rate, 2, resume);
        var replaySeconds = replayClock.Elapsed.TotalSeconds;
        var quietAfter = await StreamAsync(client, documents, posted, settings.Rate, 1, Task.Delay(TimeSpan.FromSeconds(settings.Seconds / 2.0)));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Console.WriteLine($"   replay: {Interlocked.Read(ref replayed):N0} alerts to the replaying client (in this process) in {replaySeconds:F1} s");
        var quiet = (quietBefore.Posted + quietAfter.Posted, quietBefore.Seconds + quietAfter.Seconds);
        var without = Report("no replay", quiet, latencies[1], settings.HubClients);
        var with = Report("during replay", during, latencies[2], settings.HubClients);
        if (without is not null && with is not null)
        {
            var ratio = with.At(99) / without.At(99);
            Console.WriteLine($"   p99 during replay / without: {ratio:F2}x  target <= {TargetRatio}x: {(ratio <= TargetRatio ? "met" : "MISSED")}");
        }
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    private static Percentiles? Report(string name, (int Posted, double Seconds) stream, ConcurrentBag<double> samples, int clients)
    {
        Console.WriteLine($"   {name}: {stream.Posted:N0} alerts in {stream.Seconds:F1} s = {stream.Posted / stream.Seconds:F0} alerts/s; " +
            $"{samples.Count:N0} deliveries of {stream.Posted * clients:N0} expected");
        if (samples.IsEmpty)
        {
            return null;
        }
        var percentiles = new Percentiles(samples);
        Console.WriteLine($"   {name}: post -> hub client  {percentiles.Tail()}");
        return percentiles;
    }

    private static HubConnection Connect(BenchmarkHost host) => new HubConnectionBuilder()
        .WithUrl(new Uri(host.BaseAddress, "/hubs/soc"), o => o.Headers["Authorization"] = "ApiKey " + BenchmarkHost.ApiKey)
        .Build();

    private static Task<(int Posted, double Seconds)> StreamAsync(
        HttpClient client, AlertDocuments documents, ConcurrentDictionary<string, Posted> posted, int rate, int phase, Task until) =>
        PacedIngest.StreamAsync(client, documents, rate, until, (id, at) => posted[id] = new Posted(at, phase));
}
