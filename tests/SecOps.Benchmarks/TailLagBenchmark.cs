using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Features.Triage;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "tail-lag": from the instant a probe alert becomes searchable in Elasticsearch (the in-process double on
/// loopback, refreshed explicitly) to its row appearing on the triage board of a real (headless) Chromium, through the
/// app's real alert tail at the default 1 s poll interval, while background alerts are indexed at a steady rate and
/// become searchable after Elasticsearch's default 1 s refresh interval. Expected: p50 about half a poll interval
/// plus the pipeline (search, ingest, live feed, render).
/// </summary>
public static class TailLagBenchmark
{
    private const string PollInterval = "00:00:01";
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private sealed record Probe(string Name, double SearchableMs);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"== tail-lag: {settings.Probes} probes (+{settings.WarmupProbes} warm-up) every {ProbeInterval.TotalMilliseconds} ms, background {settings.TailRate} alerts/s,"
            + $" PollInterval {PollInterval}");
        Console.WriteLine($"   Elasticsearch is the in-test double, in this process on loopback (127.0.0.1); background documents become searchable {RefreshInterval.TotalSeconds} s"
            + " after indexing (refresh_interval), each probe at a recorded refresh");
        await AlertToScreenBenchmark.WaitForChromiumAsync();
        await using var source = await ElasticAlertSource.StartAsync();
        source.Node.Store.RefreshInterval = RefreshInterval;
        var appSettings = source.AppSettings(new Dictionary<string, string?>
        {
            [$"{ElasticsearchOptions.SectionName}:PollInterval"] = PollInterval,
        });
        using var host = new BenchmarkHost(ElasticAlertSource.AddTail, appSettings);
        var options = host.Services.GetRequiredService<IOptions<ElasticsearchOptions>>().Value;
        Console.WriteLine($"   tail: poll interval {options.PollInterval}, look-back {options.LookBack}, preset {options.Preset}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await AlertToScreenBenchmark.LaunchChromiumAsync(playwright);
        // The board's list is virtualized: only rows in its window (plus 3) are in the DOM. One poll brings a second's
        // documents at once, newest on top, so the window must hold about three polls' worth for the oldest probe of a poll to be drawn.
        var perPoll = settings.TailRate + 1000 / ProbeInterval.TotalMilliseconds;
        var height = (int)Math.Clamp(300 + TriageBoardPage.RowHeight * 3 * perPoll, 1000, 16_000);
        Console.WriteLine($"   Chromium viewport 1280x{height}: about {perPoll:F0} rows arrive per poll and the virtualized list draws about {(height - 300) / TriageBoardPage.RowHeight:F0}");
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = height } });
        await AlertToScreenBenchmark.SignInAsync(page, host.BaseAddress);
        await page.GotoAsync(new Uri(host.BaseAddress, "/triage").ToString());
        await page.WaitForSelectorAsync(".board-list", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.EvaluateAsync(AlertToScreenBenchmark.InstallObserver, AlertToScreenBenchmark.ProbeRule);
        await WaitUntilLiveAsync(page, source);

        using var stop = new CancellationTokenSource();
        var background = IndexBackgroundAsync(source, settings.TailRate, stop.Token);
        var before = source.Load;
        var running = Stopwatch.StartNew();
        var probes = await IndexProbesAsync(source, settings.WarmupProbes + settings.Probes);
        var measured = probes.Skip(settings.WarmupProbes).ToList();
        await WaitForRowsAsync(page, measured);
        await stop.CancelAsync();
        var (indexed, seconds) = await background;
        var load = source.Load - before;

        var seen = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__probeSeen");
        var drawn = await page.Locator(".board-list [data-alert-id]").CountAsync();
        var shown = measured.Where(p => seen.ContainsKey(p.Name)).ToList();
        Console.WriteLine($"   background: {indexed:N0} alerts in {seconds:F1} s = {indexed / seconds:F0} alerts/s");
        Console.WriteLine($"   double: {load.Searches:N0} alert searches in {running.Elapsed.TotalSeconds:F0} s, {load.Time.TotalMilliseconds / Math.Max(load.Searches, 1):F1} ms each on average");
        Console.WriteLine($"   probes: {measured.Count} measured, {shown.Count} arrived on the board, {measured.Count - shown.Count} never seen ({drawn} rows drawn in the list at the end)");
        var missing = measured.Where(p => !seen.ContainsKey(p.Name)).ToList();
        if (missing.Count > 0)
        {
            var stored = await StoredAsync(host, missing.Select(p => p.Name).ToList());
            Console.WriteLine($"   never drawn on the board, but in the store: {stored.Count} of {missing.Count}:"
                + string.Join(",", missing.Select(p => stored.TryGetValue(p.Name, out var at) ? $" {p.Name} (stored {at - p.SearchableMs:F0} ms after searchable)" : $" {p.Name} (not stored)")));
        }
        if (shown.Count == 0)
        {
            Console.WriteLine("   no probe row appeared");
            return;
        }
        var lag = new Percentiles(shown.Select(p => seen[p.Name] - p.SearchableMs));
        Console.WriteLine($"   searchable -> row on screen  {lag}   [double in-process on loopback]");
        Console.WriteLine($"   expected: p50 about {options.PollInterval.TotalMilliseconds / 2:F0} ms (half the poll interval) plus the pipeline; max about one interval plus it");
    }

    /// <summary>Indexes readiness probes until one shows up, so the tail, the circuit and its live subscription are up.</summary>
    private static async Task WaitUntilLiveAsync(IPage page, ElasticAlertSource source)
    {
        var documents = new AlertDocuments(seed: 33);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var name = $"probe-ready-{attempt}";
            source.Add(documents.Probe(name, DateTimeOffset.UtcNow));
            source.Refresh();
            try
            {
                await page.WaitForFunctionAsync($"() => '{name}' in window.__probeSeen", null, new PageWaitForFunctionOptions { Timeout = 3_000 });
                return;
            }
            catch (TimeoutException)
            {
                // The tail or the circuit is not live yet; try again.
            }
        }
        throw new InvalidOperationException("The triage board never showed an alert indexed into the double.");
    }

    /// <summary>Indexes background alerts at a steady rate; Elasticsearch's refresh interval makes them searchable a second later.</summary>
    private static async Task<(int Indexed, double Seconds)> IndexBackgroundAsync(ElasticAlertSource source, int rate, CancellationToken stop)
    {
        var documents = new AlertDocuments(seed: 32);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var stopwatch = Stopwatch.StartNew();
        var indexed = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = DateTimeOffset.UtcNow;
                for (var due = (int)(stopwatch.Elapsed.TotalSeconds * rate); indexed < due; indexed++)
                {
                    source.Add(documents.Next(now));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        return (indexed, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Indexes one probe per interval and makes it searchable at once, recording that instant. A random offset within
    /// the interval keeps the probes from locking to one phase of the tail's polls.
    /// </summary>
    private static async Task<List<Probe>> IndexProbesAsync(ElasticAlertSource source, int count)
    {
        var documents = new AlertDocuments(seed: 34);
        var jitter = new Random(35);
        using var timer = new PeriodicTimer(ProbeInterval);
        var probes = new List<Probe>(count);
        for (var n = 0; n < count && await timer.WaitForNextTickAsync(); n++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(jitter.Next(0, (int)ProbeInterval.TotalMilliseconds / 2)));
            var name = $"probe-{n}";
            source.Add(documents.Probe(name, DateTimeOffset.UtcNow));
            source.Refresh();
            probes.Add(new Probe(name, NowMs()));
        }
        return probes;
    }

    private static async Task WaitForRowsAsync(IPage page, List<Probe> probes)
    {
        try
        {
            await page.WaitForFunctionAsync("names => names.every(n => n in window.__probeSeen)", probes.Select(p => p.Name).ToArray(),
                new PageWaitForFunctionOptions { Timeout = 15_000, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            // Reported as "never seen" below.
        }
    }

    /// <summary>When each named probe went into the store (epoch milliseconds), for those that did.</summary>
    private static async Task<Dictionary<string, double>> StoredAsync(BenchmarkHost host, List<string> names)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var rows = await db.Alerts.AsNoTracking().Where(a => names.Contains(a.RuleName)).Select(a => new { a.RuleName, a.IngestedAt }).ToListAsync();
        return rows.ToDictionary(r => r.RuleName, r => (r.IngestedAt - DateTimeOffset.UnixEpoch).TotalMilliseconds);
    }

    private static double NowMs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
}
