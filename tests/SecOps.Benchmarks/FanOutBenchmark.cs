using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Features.Live;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "fan-out": hub subscribers on the app's <c>/hubs/soc</c> (API key, <c>Resume</c> from the feed's head, as
/// PRODUCT.md's hub contract has it) while alerts stream in through the ingest API; then, in the same run, a bare
/// SignalR hub (<see cref="BareHubHost"/>) broadcasting the very frames the app sent (recorded by one more subscriber,
/// replayed on the app's own cadence) to as many subscribers. The app, the bare hub and every subscriber run in this
/// one process, on the same two cores: the subscribers' reading competes with the server's sending in both phases.
/// Targets: nothing dropped, p99 delivery at most 250 ms, the app at least 0.8 of the bare hub.
/// </summary>
public static class FanOutBenchmark
{
    private const double TargetP99Ms = 250;
    private const double TargetRatio = 0.8;
    private static readonly TimeSpan WarmupLength = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(15);

    private sealed record RecordedFrame(long At, AlertFrame Frame);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"== fan-out: {settings.Subscribers:N0} hub subscribers at {settings.FanOutRate} alerts/s for {settings.Seconds} s " +
            $"(after {WarmupLength.TotalSeconds:F0} s of warm-up); app and bare hub in turn; server and subscribers share this process and its {Environment.ProcessorCount} cores");
        var (appRate, appP99, frames, measured) = await RunAppAsync(settings);
        var bareRate = await RunBareAsync(settings, frames, measured);
        if (bareRate > 0)
        {
            var ratio = appRate / bareRate;
            Console.WriteLine($"   ratio app / bare (deliveries per second): {ratio:F2}  target >= {TargetRatio}: {(ratio >= TargetRatio ? "met" : "MISSED")}");
        }
        Console.WriteLine($"   app p99 target <= {TargetP99Ms} ms: {(appP99 <= TargetP99Ms ? "met" : "MISSED")}");
    }

    private static async Task<(double Rate, double P99, List<RecordedFrame> Frames, Func<string, bool> Measured)> RunAppAsync(BenchmarkSettings settings)
    {
        using var host = new BenchmarkHost();
        using var client = host.ApiClient();
        var feed = host.Services.GetRequiredService<LiveFeed>();
        var hubUrl = new Uri(host.BaseAddress, SocHub.Path);
        var connecting = Stopwatch.StartNew();
        var subscribers = await FanOutSubscribers.ConnectAsync(settings.Subscribers, () => FanOutSubscribers.Connection(hubUrl, BenchmarkHost.ApiKey), c => c.InvokeAsync("Resume", feed.Head));
        Console.WriteLine($"   app: {subscribers.Count:N0} subscribers connected and resumed in {connecting.Elapsed.TotalSeconds:F1} s");

        var frames = new List<RecordedFrame>();
        await using var recorder = FanOutSubscribers.Connection(hubUrl, BenchmarkHost.ApiKey);
        recorder.On<AlertFrame>("alerts", frame =>
        {
            lock (frames)
            {
                frames.Add(new RecordedFrame(Stopwatch.GetTimestamp(), frame));
            }
        });
        await recorder.StartAsync();
        await recorder.InvokeAsync("Resume", feed.Head);

        var documents = new AlertDocuments(seed: 61);
        await PacedIngest.StreamAsync(client, documents, settings.FanOutRate, Task.Delay(WarmupLength), (id, at) => subscribers.Sending(id, at, measured: false));
        var load = LoadAverage();
        var cpu = CpuClock.Start();
        var stream = await PacedIngest.StreamAsync(client, documents, settings.FanOutRate, Task.Delay(TimeSpan.FromSeconds(settings.Seconds)),
            (id, at) => subscribers.Sending(id, at, measured: true));
        await subscribers.WaitForDeliveriesAsync(stream.Posted, Quiet);
        Console.WriteLine($"   app: {stream.Posted:N0} measured alerts posted in {stream.Seconds:F1} s = {stream.Posted / stream.Seconds:F0} alerts/s; " +
            $"{frames.Count:N0} frames recorded (warm-up included); {cpu.Report()}; load average {load} before, {LoadAverage()} after");
        var rate = subscribers.Report("app", stream.Posted);
        var p99 = subscribers.Latency.Count > 0 ? subscribers.Latency.At(99) : double.NaN;
        await subscribers.DisposeAsync();
        lock (frames)
        {
            return (rate, p99, [.. frames], subscribers.IsMeasured);
        }
    }

    private static async Task<double> RunBareAsync(BenchmarkSettings settings, List<RecordedFrame> frames, Func<string, bool> measured)
    {
        if (frames.Count == 0)
        {
            Console.WriteLine("   bare: no frames recorded from the app, nothing to replay");
            return 0;
        }
        await using var bare = await BareHubHost.StartAsync();
        await using var subscribers = await FanOutSubscribers.ConnectAsync(settings.Subscribers, () => FanOutSubscribers.Connection(bare.HubUrl, apiKey: null), _ => Task.CompletedTask);
        var expected = frames.Sum(f => f.Frame.Items.Count(i => measured(i.DocumentId)));
        var load = LoadAverage();
        var cpu = CpuClock.Start();
        var start = Stopwatch.GetTimestamp();
        var first = frames[0].At;
        foreach (var (at, frame) in frames)
        {
            var wait = Stopwatch.GetElapsedTime(first, at) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            var now = Stopwatch.GetTimestamp();
            foreach (var item in frame.Items)
            {
                subscribers.Sending(item.DocumentId, now, measured(item.DocumentId));
            }
            await bare.BroadcastAsync(frame);
        }
        var replaySeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await subscribers.WaitForDeliveriesAsync(expected, Quiet);
        Console.WriteLine($"   bare: {frames.Count:N0} frames replayed in {replaySeconds:F1} s (the app's cadence, warm-up included); {cpu.Report()}; load average {load} before, {LoadAverage()} after");
        return subscribers.Report("bare", expected);
    }

    /// <summary>The machine's load average (1, 5 and 15 minutes): other work on the shared cores weighs on every figure.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>This process's CPU time over a stretch of wall time: server and subscribers together.</summary>
    private sealed class CpuClock
    {
        private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly long _start = Stopwatch.GetTimestamp();

        public static CpuClock Start() => new();

        public string Report()
        {
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds;
            var wall = Stopwatch.GetElapsedTime(_start).TotalSeconds;
            return $"process CPU {cpu:F1} s in {wall:F1} s = {cpu / wall:F2} cores";
        }
    }
}
