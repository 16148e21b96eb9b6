using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Live;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "tail-outage": the long version of <c>AlertTailFaultTests</c> (same <see cref="Outage"/> of the
/// Elasticsearch double), one app with the production tail settings (retries, circuit breaker, backoff) at a 1 s poll,
/// alert documents indexed at a steady rate before, through and after each outage (503, 429, requests hanging past the
/// timeout). Per outage: time until the source shows degraded, time from the outage's end until the newest document
/// indexed before it is stored; at the end: documents lost and stored twice.
/// </summary>
public static class TailOutageBenchmark
{
    private const string PollInterval = "00:00:01";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        var length = TimeSpan.FromSeconds(settings.SourceOutageSeconds);
        (string Name, DoubleFault Fault)[] faults =
        [
            ("503", DoubleFault.ServiceUnavailable()),
            ("429", DoubleFault.TooManyRequests(retryAfterSeconds: 1)),
            ("hang", DoubleFault.Hang(RequestTimeout * 2)),
        ];
        Console.WriteLine($"== tail-outage: {string.Join(", ", faults.Select(f => f.Name))} in turn, each {length.TotalSeconds:F0} s after the tail noticed it, " +
            $"{settings.TailRate} alert documents/s indexed throughout, PollInterval {PollInterval}, RequestTimeout {RequestTimeout.TotalSeconds:F0} s (hang: {RequestTimeout.TotalSeconds * 2:F0} s)");
        await using var source = await ElasticAlertSource.StartAsync();
        source.Node.Store.RefreshInterval = TimeSpan.FromSeconds(1);
        var appSettings = source.AppSettings(new Dictionary<string, string?>
        {
            [$"{ElasticsearchOptions.SectionName}:PollInterval"] = PollInterval,
            [$"{ElasticsearchOptions.SectionName}:RequestTimeout"] = RequestTimeout.ToString(),
            // Every failed request and retry is logged; the figures below are what this benchmark reports.
            ["Logging:LogLevel:Polly"] = "None",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "None",
            ["Logging:LogLevel:SecOps.Web.Elasticsearch"] = "None",
        });
        using var host = new BenchmarkHost(ElasticAlertSource.AddTail, appSettings);
        var health = host.Services.GetRequiredService<SourceHealth>();
        var contexts = host.Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>();

        using var stop = new CancellationTokenSource();
        var indexed = new List<string>();
        var background = IndexAsync(source, settings.TailRate, indexed, stop.Token);
        await UntilAsync(() => health.Status(AlertTail.HealthName)?.State == SourceState.Connected, TimeSpan.FromSeconds(60), "the tail connected");

        foreach (var (name, fault) in faults)
        {
            var started = Stopwatch.GetTimestamp();
            await using (var outage = Outage.Start(source.Node, fault))
            {
                await UntilAsync(() => health.Status(AlertTail.HealthName)?.State == SourceState.Degraded, TimeSpan.FromSeconds(60), $"degraded by {name}");
                var noticed = Stopwatch.GetElapsedTime(started);
                var reason = health.Status(AlertTail.HealthName)?.Reason;
                await outage.EndAfterAsync(length);
                Console.WriteLine($"   {name}: degraded ({reason}) {noticed.TotalSeconds:F1} s after the outage began; outage {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s in all");
            }
            var ended = Stopwatch.GetTimestamp();
            string newest;
            lock (indexed)
            {
                newest = indexed[^1];
            }
            await UntilAsync(() => StoredAsync(contexts, newest), Settle, $"caught up after {name}");
            var caughtUp = Stopwatch.GetElapsedTime(ended);
            await UntilAsync(() => health.Status(AlertTail.HealthName)?.State == SourceState.Connected, Settle, $"connected after {name}");
            Console.WriteLine($"   {name}: caught up (the newest document indexed during the outage stored) {caughtUp.TotalSeconds:F1} s after the outage ended; " +
                $"connected after {Stopwatch.GetElapsedTime(ended).TotalSeconds:F1} s; lag then {health.Status(AlertTail.HealthName)?.LagSeconds:F1} s");
        }

        await stop.CancelAsync();
        var (count, seconds) = await background;
        string last;
        lock (indexed)
        {
            last = indexed[^1];
        }
        await UntilAsync(() => StoredAsync(contexts, last), Settle, "the last document stored");
        await using var db = await contexts.CreateDbContextAsync();
        var stored = await db.Alerts.AsNoTracking().Select(a => a.DocumentId).ToListAsync();
        var created = await db.ChangeFeed.CountAsync(c => c.Kind == ChangeKind.AlertCreated);
        var lost = indexed.Except(stored).Count();
        Console.WriteLine($"   indexed {count:N0} documents in {seconds:F0} s ({count / seconds:F1}/s); stored {stored.Distinct().Count():N0} distinct; " +
            $"lost {lost:N0}; stored twice {stored.Count - stored.Distinct().Count():N0} rows, {created - stored.Distinct().Count():N0} extra creations in the change feed");
    }

    private static async Task<(int Count, double Seconds)> IndexAsync(ElasticAlertSource source, int rate, List<string> indexed, CancellationToken stop)
    {
        var documents = new AlertDocuments(seed: 71);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate));
        var clock = Stopwatch.StartNew();
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var document = documents.Next(DateTimeOffset.UtcNow);
                var id = ElasticAlertSource.Shape(document);
                source.Node.Index(ElasticAlertSource.Index, id, document);
                lock (indexed)
                {
                    indexed.Add(id);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        lock (indexed)
        {
            return (indexed.Count, clock.Elapsed.TotalSeconds);
        }
    }

    private static async Task<bool> StoredAsync(IDbContextFactory<SecOpsDbContext> contexts, string documentId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Alerts.AnyAsync(a => a.DocumentId == documentId);
    }

    private static Task UntilAsync(Func<bool> condition, TimeSpan limit, string what) => UntilAsync(() => Task.FromResult(condition()), limit, what);

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Not {what} within {limit.TotalSeconds:F0} s.");
            }
            await Task.Delay(50);
        }
    }
}
