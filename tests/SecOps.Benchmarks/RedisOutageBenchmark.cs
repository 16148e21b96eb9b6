using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.ScaleOut;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "redis-outage": the long version of <c>ScaleOutTests</c>' Redis outage. Two instances, A and B, share one
/// PostgreSQL database and a redis-server of this benchmark's own (<see cref="LocalRedisServer"/>, the tests' class);
/// alerts stream into A through the ingest API while hub subscribers on B receive them; Redis is killed (SIGKILL) for
/// the outage's length and started again. As in the test, B's periodic catch-up is set to an hour, so it is the
/// reconnect's re-read from the store that must bring what was committed meanwhile; then again with the shipped
/// one-second catch-up. Reports B's readiness during and
/// after, the time from Redis's return until B's subscribers have every alert posted before it, and losses, repeats
/// and order over the whole run.
/// </summary>
public static class RedisOutageBenchmark
{
    private const int Rate = 50;
    private const int Subscribers = 10;
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        var length = TimeSpan.FromSeconds(settings.RedisOutageSeconds);
        Console.WriteLine($"== redis-outage: instances A and B on one PostgreSQL database and one Redis; {Rate} alerts/s into A, {Subscribers} hub subscribers on B; " +
            $"Redis killed for {length.TotalSeconds:F0} s after {Steady.TotalSeconds:F0} s, {Steady.TotalSeconds:F0} s more after it returns");
        // As the test has it (only the reconnect's re-read and Redis announcements bring A's changes to B), then as shipped.
        await RunScenarioAsync(length, "01:00:00");
        await RunScenarioAsync(length, "00:00:01");
    }

    private static async Task RunScenarioAsync(TimeSpan length, string catchUpInterval)
    {
        Console.WriteLine($"   -- CatchUpInterval {catchUpInterval}");
        using var redis = new LocalRedisServer();
        using var database = new BenchmarkPostgresStore();
        var appSettings = database.AppSettings();
        appSettings["SecOps:ScaleOut:Redis"] = redis.Configuration;
        appSettings["SecOps:ScaleOut:CatchUpInterval"] = catchUpInterval;
        // Each lost connection and failed publish is logged; what matters is reported below.
        appSettings["Logging:LogLevel:SecOps.Web.Features.ScaleOut"] = "None";
        appSettings["Logging:LogLevel:Microsoft.AspNetCore.SignalR"] = "None";
        using var a = new BenchmarkHost(settings: appSettings);
        using var b = new BenchmarkHost(settings: appSettings);
        await a.Services.GetRequiredService<ChangeNotifications>().Listening.WaitAsync(Limit);
        await b.Services.GetRequiredService<ChangeNotifications>().Listening.WaitAsync(Limit);
        using var client = a.ApiClient();
        using var probe = b.ApiClient();
        var feed = b.Services.GetRequiredService<LiveFeed>();
        await using var subscribers = await FanOutSubscribers.ConnectAsync(Subscribers,
            () => FanOutSubscribers.Connection(new Uri(b.BaseAddress, SocHub.Path), BenchmarkHost.ApiKey), c => c.InvokeAsync("Resume", feed.Head));

        var posted = 0;
        using var stop = new CancellationTokenSource();
        var stopped = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        var stream = PacedIngest.StreamAsync(client, new AlertDocuments(seed: 81), Rate, stopped, (id, at) =>
        {
            Interlocked.Increment(ref posted);
            subscribers.Sending(id, at, measured: true);
        });
        await Task.Delay(Steady);

        Console.WriteLine($"   load average {FanOutBenchmark.LoadAverage()} before the outage");
        redis.Kill();
        var killed = Stopwatch.GetTimestamp();
        await UntilReadyIsAsync(probe, HttpStatusCode.ServiceUnavailable);
        Console.WriteLine($"   B not ready (503) {Stopwatch.GetElapsedTime(killed).TotalSeconds:F1} s after Redis was killed; A's ingest went on");
        if (length - Stopwatch.GetElapsedTime(killed) is { Ticks: > 0 } rest)
        {
            await Task.Delay(rest);
        }
        var beforeReturn = Volatile.Read(ref posted);
        redis.Start();
        var returned = Stopwatch.GetTimestamp();
        Console.WriteLine($"   Redis back after {Stopwatch.GetElapsedTime(killed, returned).TotalSeconds:F1} s; {beforeReturn:N0} alerts posted to A by then");
        await UntilReadyIsAsync(probe, HttpStatusCode.OK);
        var ready = Stopwatch.GetElapsedTime(returned);
        await subscribers.WaitForDeliveriesAsync(beforeReturn, Limit);
        Console.WriteLine($"   B ready again {ready.TotalSeconds:F1} s after Redis returned; B's subscribers had every alert posted before its return " +
            $"{Stopwatch.GetElapsedTime(returned).TotalSeconds:F1} s after it returned");
        await Task.Delay(Steady);

        await stop.CancelAsync();
        var (count, seconds) = await stream;
        var ended = Stopwatch.GetTimestamp();
        await subscribers.WaitForDeliveriesAsync(count, Limit);
        Console.WriteLine($"   waited {Stopwatch.GetElapsedTime(ended).TotalSeconds:F1} s after the last post for B's subscribers (until all arrived, or nothing more for {Limit.TotalSeconds:F0} s)");
        Console.WriteLine($"   {count:N0} alerts posted to A in {seconds:F0} s; load average {FanOutBenchmark.LoadAverage()} after");
        subscribers.Report("B's subscribers", count);
    }

    private static async Task UntilReadyIsAsync(HttpClient client, HttpStatusCode status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using (var response = await client.GetAsync("/health/ready"))
            {
                if (response.StatusCode == status)
                {
                    return;
                }
            }
            if (clock.Elapsed > Limit)
            {
                throw new TimeoutException($"/health/ready on B did not answer {(int)status} within {Limit.TotalSeconds:F0} s.");
            }
            await Task.Delay(100);
        }
    }
}
