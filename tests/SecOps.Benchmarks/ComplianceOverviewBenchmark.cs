using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Compliance;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "compliance-overview" (issue #11): the compliance overview's whole snapshot (this period and the previous
/// one: every time metric, SLA, backlog, volumes, rules, workload, trend and heat map) computed from the store, uncached
/// (<see cref="ComplianceQueries.LoadAsync"/>, as a new range's first viewer waits for it), over bulk-loaded alerts and
/// incidents, for the last 7, 30 and 90 days. Target: at most 300 ms.
/// </summary>
public static class ComplianceOverviewBenchmark
{
    public const double Target = 300;

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"== compliance-overview: the overview's snapshot over {settings.StoreAlerts:N0} alerts and {settings.StoreIncidents:N0} incidents ({settings.WarmupRuns} warm-up + {settings.Runs} runs each)");
        using var host = new BenchmarkHost();
        var now = DateTimeOffset.UtcNow;
        var insert = AlertBulkLoad.Fill(host.DatabaseFile, settings.StoreAlerts, now);
        Console.WriteLine($"   bulk load: {settings.StoreAlerts:N0} alerts in {insert.TotalSeconds:F1} s");
        var stopwatch = Stopwatch.StartNew();
        await IncidentBulkLoad.FillAsync(host, settings.StoreIncidents, now);
        Console.WriteLine($"   incidents: {settings.StoreIncidents:N0} with two history entries each in {stopwatch.Elapsed.TotalSeconds:F1} s");
        var queries = host.Services.GetRequiredService<ComplianceQueries>();
        foreach (var days in settings.RangeDays is { } only ? [only] : new[] { 7, 30, 90 })
        {
            var range = new ComplianceRange(days, null, null);
            var snapshot = await queries.LoadAsync(Actor.System, range, CancellationToken.None);
            if (settings.Profile)
            {
                using var profile = new EfCommandProfile(byStatement: true);
                profile.Start();
                await queries.LoadAsync(Actor.System, range, CancellationToken.None);
                Console.WriteLine($"   last {days} days, one snapshot's commands:");
                profile.Print("     ", 1, "snapshot");
                var metrics = host.Services.GetRequiredService<ComplianceMetrics>();
                var now2 = DateTimeOffset.UtcNow;
                var period = range.Resolve(now2);
                foreach (var (name, p) in new[] { ("current", period), ("previous", period.Previous) })
                {
                    var clock = Stopwatch.StartNew();
                    var facts = await queries.FactsAsync(p, now2, CancellationToken.None);
                    var read = clock.Elapsed.TotalMilliseconds;
                    clock.Restart();
                    metrics.Compute(p, facts, now2);
                    Console.WriteLine($"     {name}: facts {read:F1} ms ({facts.Detect.Count + facts.Acknowledge.Count + facts.Close.Count:N0} duration rows, {facts.Rules.Count} rules, {facts.Incidents.Count:N0} incidents), engine {clock.Elapsed.TotalMilliseconds:F1} ms");
                }
            }
            var times = await BoardTotalsBenchmark.TimeAsync(settings, () => queries.LoadAsync(Actor.System, range, CancellationToken.None));
            Console.WriteLine($"   last {days,2} days: {snapshot.Current.Alerts:N0} alerts, {snapshot.Current.Resolve.All.Count:N0} incidents resolved in the period");
            Console.WriteLine($"     snapshot {times.Tail()}  target p95 <= {Target} ms: {(times.At(95) <= Target ? "met" : "MISSED")}");
        }
    }
}
