using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "board-totals": the board's totals (the per-status count behind "50 of 12,345" and the kanban columns) over
/// a bulk-loaded store, for the board's default query (no search) and the pinned queue query; then the board's first
/// page and totals again with a time range in the query (<c>@timestamp &gt;= now-24h</c>, the query language's range
/// until the time-range picker lands), and with a host prefix and a CIDR range. Target for the default totals: p95 at most 50 ms.
/// </summary>
public static class BoardTotalsBenchmark
{
    public const double TargetP95 = 50;
    private const int PageSize = 50;

    private static readonly (string Name, string Query)[] Queries =
    [
        ("default (no search)", ""),
        ("pinned", BoardQueryBenchmark.Query),
        ("default + last 24 h", "@timestamp >= now-24h"),
        ("pinned + last 24 h", BoardQueryBenchmark.Query + " AND @timestamp >= now-24h"),
        ("host prefix", "host:web-*"),
        ("CIDR", "ip:10.0.0.0/8"),
    ];

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"== board-totals: per-status totals and first page of {PageSize} over {settings.StoreAlerts:N0} alerts ({settings.WarmupRuns} warm-up + {settings.Runs} runs each)");
        using var host = new BenchmarkHost();
        var stopwatch = Stopwatch.StartNew();
        var insert = AlertBulkLoad.Fill(host.DatabaseFile, settings.StoreAlerts, DateTimeOffset.UtcNow);
        Console.WriteLine($"   bulk load: {settings.StoreAlerts:N0} rows in {insert.TotalSeconds:F1} s; with checkpoint {stopwatch.Elapsed.TotalSeconds:F1} s");
        var queries = host.Services.GetRequiredService<AlertQueries>();
        foreach (var (name, text) in Queries)
        {
            var parsed = AlertQueryParser.Parse(text).Query!;
            var counts = await queries.CountByStatusAsync(Actor.System, parsed, CancellationToken.None);
            var totals = await TimeAsync(settings, () => queries.CountByStatusAsync(Actor.System, parsed, CancellationToken.None));
            var page = await TimeAsync(settings, () => queries.ListAsync(Actor.System, parsed, PageSize, null, CancellationToken.None));
            Console.WriteLine($"   {name,-22} \"{text}\": {counts.Total:N0} match");
            Console.WriteLine($"     totals     {totals.Tail()}{(name.StartsWith("default (", StringComparison.Ordinal) ? $"  target p95 <= {TargetP95} ms: {(totals.At(95) <= TargetP95 ? "met" : "MISSED")}" : "")}");
            Console.WriteLine($"     first page {page.Tail()}");
            using var plan = PlanFor(host, parsed);
            foreach (var step in plan.Explain())
            {
                Console.WriteLine("     plan " + step);
            }
        }
    }

    private static SqlitePlan PlanFor(BenchmarkHost host, AlertQuery parsed)
    {
        using var db = host.Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContext();
        var sql = AlertQueryTranslator.Apply(db.Alerts, parsed, TimeProvider.System).GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToQueryString();
        return new SqlitePlan(host.DatabaseFile, sql);
    }

    /// <summary>Warm-up runs, then the measured runs of <paramref name="run"/>, each timed alone.</summary>
    internal static async Task<Percentiles> TimeAsync<T>(BenchmarkSettings settings, Func<Task<T>> run)
    {
        var samples = new List<double>(settings.Runs);
        for (var n = 0; n < settings.WarmupRuns + settings.Runs; n++)
        {
            var stopwatch = Stopwatch.StartNew();
            await run();
            if (n >= settings.WarmupRuns)
            {
                samples.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }
        return new Percentiles(samples);
    }
}
