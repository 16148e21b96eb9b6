using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "incident-page" (issue #9): one incident whose timeline holds 10,000 entries (a fifth linked alerts, the
/// rest notes, status and phase changes and responders' timeline events), opened at <c>/incidents/{id}</c> in real
/// headless Chromium by a signed-in administrator. Measures, from navigation start (the page's own clock): the first
/// screenful of timeline rows laid out (prerendered HTML), all rows in the DOM, and the interactive render (the circuit's
/// timeline replacing the prerendered one); then mouse-wheel scrolling through the timeline with the gaps between
/// animation frames recorded in the page; then the server's managed memory per open incident page over K tabs
/// (managed heap delta / K, as board-memory does for the board). Target: at most 300 KB per page, beside the board's.
/// </summary>
public static class IncidentPageBenchmark
{
    public const double TargetKbPerPage = 300;
    private const int ScrollPixels = 400;
    private const int ShortTimeline = 10;
    private const int Width = 1280;
    private const int Height = 1000;
    private static readonly BrowserNewContextOptions Viewport = new() { ViewportSize = new ViewportSize { Width = Width, Height = Height } };

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        var total = settings.TimelineEvents;
        Console.WriteLine($"== incident-page: /incidents/{{id}} with {total:N0} timeline entries in headless Chromium ({Width}x{Height}); 1 warm-up + {settings.PageOpens} timed opens, {settings.ScrollSteps} wheel steps of {ScrollPixels} px, {settings.IncidentPages} tabs for memory");
        await AlertToScreenBenchmark.WaitForChromiumAsync();
        var circuits = new CircuitCounter();
        var buffers = new RenderBuffers();
        using var host = new BenchmarkHost(services => services.AddSingleton<CircuitHandler>(circuits).AddSingleton<CircuitHandler>(buffers));
        var seeding = Stopwatch.StartNew();
        var (id, mix) = await IncidentTimelineSeed.FillAsync(host, total);
        Console.WriteLine($"   incident #{id}: {mix} in {seeding.Elapsed.TotalSeconds:F1} s");
        var (shortId, shortMix) = await IncidentTimelineSeed.FillAsync(host, ShortTimeline);
        Console.WriteLine($"   control incident #{shortId}: {shortMix}");

        var queries = host.Services.GetRequiredService<IncidentQueries>();
        var timeline = await queries.TimelineAsync(Actor.System, id, CancellationToken.None);
        var few = settings with { WarmupRuns = 3, Runs = 20 };
        var load = await BoardTotalsBenchmark.TimeAsync(few, () => queries.TimelineAsync(Actor.System, id, CancellationToken.None));
        Console.WriteLine($"   IncidentQueries.TimelineAsync: {timeline.Count:N0} entries, {load.Tail()}");
        Console.WriteLine($"   one timeline as loaded (IReadOnlyList<TimelineEntry>, 5 held at once): {HeldKb(queries, id):F0} KB");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = AlertToScreenBenchmark.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--enable-precise-memory-info"],
        });
        await using var context = await browser.NewContextAsync(Viewport);
        await context.AddInitScriptAsync(IncidentPageProbe.Script(total));
        var signIn = await context.NewPageAsync();
        await AlertToScreenBenchmark.SignInAsync(signIn, host.BaseAddress);
        await signIn.CloseAsync();
        var url = new Uri(host.BaseAddress, $"/incidents/{id}").ToString();

        var opens = new List<JsonElement>();
        IPage? last = null;
        for (var run = 0; run <= settings.PageOpens; run++)
        {
            if (last is not null)
            {
                await last.CloseAsync();
                await BoardMemoryBenchmark.SettleAsync(circuits, 0);
            }
            last = await context.NewPageAsync();
            var response = await last.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 180_000 });
            var interactive = await WaitInteractiveAsync(last, total);
            var timing = await last.EvaluateAsync<JsonElement>("() => window.__bench.report()");
            if (run == 0)
            {
                var html = response is null ? 0 : (await response.BodyAsync()).Length;
                var rowsPerScreen = timing.GetProperty("rowsPerScreen").GetInt32();
                // Later opens time the first screenful of rows at this page's own row height.
                await context.AddInitScriptAsync($"window.__benchScreen = {rowsPerScreen};");
                Console.WriteLine($"   warm-up open: document {html / 1024.0:N0} KB of HTML; timeline starts {timing.GetProperty("timelineTop").GetDouble():N0} px down the page; rows {timing.GetProperty("rowHeight").GetDouble():F1} px high on average, {rowsPerScreen} to a {Height} px screen; interactive render {(interactive ? "seen" : "NOT seen within 180 s")}");
                continue;
            }
            opens.Add(timing);
            Console.WriteLine($"   open {run}: {Line(timing)}");
        }
        if (opens.Count > 0)
        {
            Console.WriteLine($"   over {opens.Count} opens (ms from navigation start): {Summary(opens, "fcp", "first contentful paint")}; {Summary(opens, "firstScreen", "first screenful of timeline rows laid out")}; {Summary(opens, "allRows", "all rows in the DOM")}; {Summary(opens, "load", "load event")}; {Summary(opens, "interactive", "interactive timeline")}");
            var page = opens[^1];
            Console.WriteLine($"   page: {page.GetProperty("rows").GetInt32():N0} timeline rows in the DOM (the page renders those near the viewport past 300), {page.GetProperty("elements").GetInt32():N0} elements in the document, JS heap {page.GetProperty("jsHeap").GetDouble() / 1048576:F1} MB, long tasks while opening: {page.GetProperty("longTasks").GetInt32()} ({page.GetProperty("longTaskMs").GetDouble():N0} ms)");
        }
        if (last is not null)
        {
            await ScrollAsync(last, settings.ScrollSteps);
            await last.CloseAsync();
        }
        await BoardMemoryBenchmark.SettleAsync(circuits, 0);
        await MemoryAsync(context, host, new Uri(host.BaseAddress, $"/incidents/{shortId}").ToString(), ShortTimeline, settings, circuits, buffers, control: true);
        await MemoryAsync(context, host, url, total, settings, circuits, buffers, control: false);
    }

    /// <summary>Wheel steps through the timeline from its top, one every 16 ms, with animation-frame gaps recorded in the page.</summary>
    private static async Task ScrollAsync(IPage page, int steps)
    {
        await page.EvaluateAsync("() => document.querySelector('ol.incident-timeline').scrollIntoView()");
        await page.Mouse.MoveAsync(Width / 2, Height / 2);
        await Task.Delay(500);
        var top = await page.EvaluateAsync<double>("() => document.querySelector('ol.incident-timeline').getBoundingClientRect().top");
        await page.EvaluateAsync("() => window.__bench.startGaps()");
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            await page.Mouse.WheelAsync(0, ScrollPixels);
            await Task.Delay(16);
        }
        var wheel = stopwatch.Elapsed.TotalMilliseconds;
        await Task.Delay(300);
        var result = await page.EvaluateAsync<JsonElement>("() => window.__bench.stopGaps()");
        var moved = top - await page.EvaluateAsync<double>("() => document.querySelector('ol.incident-timeline').getBoundingClientRect().top");
        var gaps = result.GetProperty("gaps").EnumerateArray().Select(g => g.GetDouble()).ToList();
        var frames = gaps.Count > 0 ? new Percentiles(gaps) : null;
        Console.WriteLine($"   scroll: {steps} wheel steps of {ScrollPixels} px in {wheel:N0} ms (one every 16 ms asked; each step waits for Chromium to take the event), timeline moved {moved:N0} px");
        Console.WriteLine($"     animation-frame gaps while scrolling: {(frames is null ? "none recorded" : $"{frames.Count} frames, p50 {frames.At(50):F1}, p95 {frames.At(95):F1}, p99 {frames.At(99):F1}, max {frames.Max:F1} ms; {gaps.Count(g => g > 50)} gaps over 50 ms, {gaps.Count(g => g > 100)} over 100 ms")}; long tasks {result.GetProperty("longTasks").GetInt32()} ({result.GetProperty("longTaskMs").GetDouble():N0} ms)");
    }

    /// <summary>Managed heap delta over <see cref="BenchmarkSettings.IncidentPages"/> open incident pages, with the layout-only circuit as a control.</summary>
    private static async Task MemoryAsync(IBrowserContext context, BenchmarkHost host, string url, int total, BenchmarkSettings settings, CircuitCounter circuits, RenderBuffers buffers, bool control)
    {
        var n = settings.IncidentPages;
        if (control)
        {
            await SettledAsync();
            var notFound = new Uri(host.BaseAddress, "/not-found").ToString();
            var expected = circuits.Connected;
            var layout = await BoardMemoryBenchmark.TabsAsync(context, n, circuits, async () =>
            {
                var page = await BoardMemoryBenchmark.OpenAsync(context, notFound, "h1");
                expected++;
                await BoardMemoryBenchmark.WaitAsync(() => circuits.Connected >= expected);
                return page;
            }, () => HoldAsync(n, buffers, settings));
            Console.WriteLine($"   memory control: {n} tabs on /not-found (a circuit with the main layout): {layout:F0} KB per circuit");
        }
        var before = await SettledAsync();
        Console.WriteLine($"   -- {n} tabs on an incident with {total:N0} timeline entries{(control ? " (control)" : "")}");
        var pages = new List<IPage>(n);
        var opening = Stopwatch.StartNew();
        var seen = 0;
        for (var i = 0; i < n; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 180_000 });
            seen += await WaitInteractiveAsync(page, total) ? 1 : 0;
            pages.Add(page);
        }
        Console.WriteLine($"   opened {n} incident pages ({seen} interactive) in {opening.Elapsed.TotalSeconds:F1} s; circuits {circuits}");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var open = BoardMemoryBenchmark.Measure();
        var perPage = (open.Managed - before.Managed) / (double)n / 1024;
        Console.WriteLine($"   with {n} open: managed {BoardMemoryBenchmark.Mb(open.Managed)} (before {BoardMemoryBenchmark.Mb(before.Managed)}), working set {BoardMemoryBenchmark.Mb(open.WorkingSet)} (before {BoardMemoryBenchmark.Mb(before.WorkingSet)})");
        Console.WriteLine($"   per incident page: managed {perPage:F0} KB, working set {(open.WorkingSet - before.WorkingSet) / (double)n / 1024:F0} KB");
        await HoldAsync(n, buffers, settings);
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }
        await BoardMemoryBenchmark.SettleAsync(circuits, 0, TimeSpan.FromSeconds(30));
        var closed = BoardMemoryBenchmark.Measure();
        Console.WriteLine($"   after closing: managed {BoardMemoryBenchmark.Mb(closed.Managed)} ({BoardMemoryBenchmark.Kb(closed.Managed - before.Managed)} vs before); circuits {circuits}");
        var later = await SettledAsync();
        Console.WriteLine($"   70 s later: managed {BoardMemoryBenchmark.Mb(later.Managed)} ({BoardMemoryBenchmark.Kb(later.Managed - before.Managed)} vs before)");
        Console.WriteLine($"   target <= {TargetKbPerPage} KB per incident page (managed delta / {n}): {(perPage <= TargetKbPerPage ? "met" : "MISSED")}");
    }

    /// <summary>With the tabs open: what their components hold in render buffers, then time for a heap dump if asked.</summary>
    private static async Task HoldAsync(int n, RenderBuffers buffers, BenchmarkSettings settings)
    {
        buffers.Print();
        if (settings.HoldOpenSeconds > 0)
        {
            // Time to take a heap dump of this process (dotnet-gcdump collect -p PID) with the tabs open.
            Console.WriteLine($"   holding the {n} tabs open {settings.HoldOpenSeconds} s: process {Environment.ProcessId}");
            await Task.Delay(TimeSpan.FromSeconds(settings.HoldOpenSeconds));
        }
    }

    /// <summary>
    /// The managed heap once buffers freed by earlier pages have left the shared pools: ArrayPool.Shared trims arrays
    /// unused for about a minute on a full collection, and big render batches and SignalR messages rent large ones, so
    /// a measure right after closing pages still counts them.
    /// </summary>
    private static async Task<BoardMemoryBenchmark.Memory> SettledAsync()
    {
        BoardMemoryBenchmark.Measure();
        await Task.Delay(TimeSpan.FromSeconds(65));
        BoardMemoryBenchmark.Measure();
        await Task.Delay(TimeSpan.FromSeconds(5));
        return BoardMemoryBenchmark.Measure();
    }

    /// <summary>Waits until the circuit's timeline has replaced the prerendered one with a screenful of rows; false after 180 s.</summary>
    private static async Task<bool> WaitInteractiveAsync(IPage page, int total)
    {
        try
        {
            // check() first, so the probe's own time is set when its total is the page's.
            await page.WaitForFunctionAsync($$"""() => { const b = window.__bench, ol = document.querySelector('ol.incident-timeline'); return !!b && b.check() && b.marked && !!ol && !ol.hasAttribute('data-bench-prerendered') && ol.querySelectorAll(':scope > li.timeline-entry').length >= Math.min(30, {{total}}); }""",
                null, new PageWaitForFunctionOptions { PollingInterval = 20, Timeout = 180_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static string Line(JsonElement t) =>
        $"FCP {Ms(t, "fcp")}, first screenful of rows {Ms(t, "firstScreen")}, all {t.GetProperty("rows").GetInt32():N0} rows {Ms(t, "allRows")}, DOMContentLoaded {Ms(t, "dcl")}, load {Ms(t, "load")}, interactive timeline {Ms(t, "interactive")}";

    private static string Ms(JsonElement t, string name) =>
        t.GetProperty(name).ValueKind == JsonValueKind.Number ? $"{t.GetProperty(name).GetDouble():N0} ms" : "n/a";

    private static string Summary(List<JsonElement> runs, string name, string label)
    {
        var values = runs.Select(r => r.GetProperty(name)).Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).ToList();
        return values.Count == 0 ? $"{label} n/a" : $"{label} median {new Percentiles(values).At(50):N0}, max {values.Max():N0}";
    }

    /// <summary>The managed size of one loaded timeline (what each open incident page holds before rendering it).</summary>
    private static double HeldKb(IncidentQueries queries, long id)
    {
        var before = BoardMemoryBenchmark.Measure();
        var held = new List<IReadOnlyList<TimelineEntry>>();
        for (var i = 0; i < 5; i++)
        {
            held.Add(queries.TimelineAsync(Actor.System, id, CancellationToken.None).GetAwaiter().GetResult());
        }
        var after = BoardMemoryBenchmark.Measure();
        GC.KeepAlive(held);
        return (after.Managed - before.Managed) / 5.0 / 1024;
    }
}
