using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;

namespace SecOps.Benchmarks.Circuits;

/// <summary>
/// Workload "open-boards" (issue #13): many open triage boards on one instance while alerts stream in through the API.
/// The boards are real circuits: a few headless Chromium pages (the sample) and many <see cref="LightCircuit"/>s (no
/// JS, no DOM; they acknowledge render batches and answer interop). The app runs in a process of its own
/// (<see cref="BoardServerProcess"/>): its heap and CPU are the server's alone. Each alert carries a number in its rule
/// name; a light circuit finds it in a render batch's bytes, a Chromium page in the row's text (a MutationObserver), and
/// both record arrival minus the moment before the alert's POST. Memory per circuit is the server's managed heap (after
/// a full collection) with the boards open minus before, divided by the count.
/// </summary>
public static class OpenBoardsBenchmark
{
    private static readonly TimeSpan WarmupLength = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(15);
    private const string Board = "/triage";
    private const string Interactive = ".board-list[data-interactive=true]";

    /// <summary>The alert number in a row's rule name, for the Chromium pages' observer (<see cref="AlertToScreenBenchmark.InstallObserver"/>).</summary>
    private const string NumberInRule = BoardArrivals.Prefix + @"(\d{7})";

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        var boards = settings.Boards;
        var sample = settings.BrowserPages;
        Console.WriteLine($"== open-boards: {boards:N0} light circuits + {sample} Chromium pages on {Board}, {settings.Rate} alerts/s for {settings.Seconds} s " +
            $"(after {WarmupLength.TotalSeconds:F0} s of warm-up); the app in its own process, clients and Chromium outside it, {Environment.ProcessorCount} cores");
        await AlertToScreenBenchmark.WaitForChromiumAsync();
        var capacity = settings.Rate * (settings.Seconds + (int)WarmupLength.TotalSeconds + 10) + 1_000;
        var arrivals = new BoardArrivals(capacity);
        await using var server = await BoardServerProcess.StartAsync();
        Console.WriteLine($"   app at {server.BaseAddress} (pid {server.ProcessId}); {settings.BoardAlerts:N0} alerts ingested first (the board loads up to {Web.Features.Triage.TriageBoardPage.PageSize})");
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 16 }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", BenchmarkHost.ApiKey);
        foreach (var body in new AlertDocuments(seed: 21).NdjsonBatches(settings.BoardAlerts, 1_000, DateTimeOffset.UtcNow.AddMinutes(-30)))
        {
            using var response = await api.PostAsync("/api/v1/alerts", AlertDocuments.Content(body));
            response.EnsureSuccessStatusCode();
        }
        var (http, cookies) = await CookieSignIn.SignInAsync(server.BaseAddress);
        using var _ = http;

        // One board opened and closed first, so one-time costs (JIT, caches, the first query) are not counted per circuit.
        await using (var warm = await LightCircuit.OpenAsync(http, cookies, Board, 700, arrivals))
        {
            await server.WaitForCircuitsAsync(1, TimeSpan.FromSeconds(30));
        }
        await WaitForClosedAsync(server, 0);
        var before = await server.MeasureAsync();
        Console.WriteLine($"   before: server managed {Mb(before.Managed)}, working set {Mb(before.WorkingSet)}; circuits {before.OpenCircuits} open");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await AlertToScreenBenchmark.LaunchChromiumAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        // The same session as the light circuits (a TOTP code is accepted once, so a second sign-in would wait for the next one).
        await context.AddCookiesAsync(cookies.GetAllCookies().Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = server.BaseAddress.Host, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure,
        }));
        var pages = new List<IPage>(sample);
        for (var i = 0; i < sample; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(server.BaseAddress, Board).ToString());
            await page.WaitForSelectorAsync(Interactive, new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            await page.EvaluateAsync(AlertToScreenBenchmark.InstallObserver, NumberInRule);
            pages.Add(page);
        }
        // The light circuits report the list height a browser of this size has, so they draw as many rows.
        var listHeight = pages.Count > 0 ? await pages[0].EvalOnSelectorAsync<float>(".board-list", "e => e.clientHeight") : 700f;
        var withBrowsers = await server.MeasureAsync();
        Console.WriteLine($"   {sample} Chromium pages interactive (list {listHeight:F0} px high): server managed {Mb(withBrowsers.Managed)}, working set {Mb(withBrowsers.WorkingSet)}; " +
            $"circuits {withBrowsers.OpenCircuits} open{(sample > 0 ? $"; {(withBrowsers.Managed - before.Managed) / (double)sample / 1024:F0} KB managed per page" : "")}");

        var opening = Stopwatch.StartNew();
        var clientCpuAtOpen = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpuAtOpen = server.CpuTime();
        var circuits = await OpenManyAsync(http, cookies, boards, listHeight, arrivals);
        var connected = await server.WaitForCircuitsAsync(boards + sample, TimeSpan.FromMinutes(2));
        Console.WriteLine($"   {circuits.Count:N0} light circuits started in {opening.Elapsed.TotalSeconds:F1} s (server CPU {(server.CpuTime() - serverCpuAtOpen).TotalSeconds:F1} s, " +
            $"clients {(Process.GetCurrentProcess().TotalProcessorTime - clientCpuAtOpen).TotalSeconds:F1} s); server counts {connected.ConnectedCircuits:N0} connected");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var open = await server.MeasureAsync();
        var perCircuit = (open.Managed - withBrowsers.Managed) / (double)Math.Max(1, boards) / 1024;
        Console.WriteLine($"   with all open: server managed {Mb(open.Managed)}, working set {Mb(open.WorkingSet)}; circuits {open.OpenCircuits:N0} open, {open.ConnectedCircuits:N0} connected");
        Console.WriteLine($"   per light circuit: managed {perCircuit:F0} KB, working set {(open.WorkingSet - withBrowsers.WorkingSet) / (double)Math.Max(1, boards) / 1024:F0} KB");

        var numbered = 0;
        var documents = new AlertDocuments(seed: 71, numbering: BoardArrivals.Marker);
        // PacedIngest reports each alert just before its POST, in the order the documents were made: the n-th is number n.
        void Sending(string id, long at) => arrivals.Sending(numbered++, BoardArrivals.NowMs());
        await PacedIngest.StreamAsync(api, documents, settings.Rate, Task.Delay(WarmupLength), Sending);
        var warmedUp = circuits.Count(c => c.Seen > 0);
        var from = numbered;
        arrivals.Measure(from, int.MaxValue);
        var load = FanOutBenchmark.LoadAverage();
        var serverCpu = server.CpuTime();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var window = Stopwatch.StartNew();
        var stream = await PacedIngest.StreamAsync(api, documents, settings.Rate, Task.Delay(TimeSpan.FromSeconds(settings.Seconds)), Sending);
        var wall = window.Elapsed.TotalSeconds;
        var serverCores = (server.CpuTime() - serverCpu).TotalSeconds / wall;
        var clientCores = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / wall;
        var to = numbered;
        arrivals.Measure(from, to);
        var measured = to - from;
        await WaitForDeliveriesAsync(arrivals, (long)measured * boards);

        Console.WriteLine($"   ingest: {measured:N0} measured alerts in {stream.Seconds:F1} s = {measured / stream.Seconds:F0} alerts/s; {warmedUp:N0} of {boards:N0} light boards had drawn a warm-up alert");
        Console.WriteLine($"   CPU over the ingest window ({wall:F1} s): server {serverCores:F2} cores ({serverCores / Environment.ProcessorCount:P0} of {Environment.ProcessorCount}), " +
            $"light clients and ingest {clientCores:F2} cores (Chromium's own processes not counted); load average {load} before, {FanOutBenchmark.LoadAverage()} after");
        ReportLight(circuits, arrivals, measured, stream.Seconds);
        await ReportBrowserAsync(pages, arrivals, from, to);
        Console.WriteLine($"   JS calls the boards made (answered by the light circuits): {string.Join(", ", LightCircuit.JsCalls.OrderByDescending(c => c.Value).Select(c => $"{c.Key} x{c.Value}"))}");
        Console.WriteLine($"   target <= {BoardMemoryBenchmark.TargetKbPerBoard} KB per board (managed delta / {boards}): {(perCircuit <= BoardMemoryBenchmark.TargetKbPerBoard ? "met" : "MISSED")}");
        await Task.WhenAll(circuits.Select(c => c.DisposeAsync().AsTask()));
    }

    private static async Task<List<LightCircuit>> OpenManyAsync(HttpClient http, CookieContainer cookies, int count, float listHeight, BoardArrivals arrivals)
    {
        var circuits = new List<LightCircuit>(count);
        var failures = 0;
        string? firstFailure = null;
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var circuit = await LightCircuit.OpenAsync(http, cookies, Board, listHeight, arrivals);
                lock (circuits)
                {
                    circuits.Add(circuit);
                }
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException or TaskCanceledException)
            {
                Interlocked.Increment(ref failures);
                Interlocked.CompareExchange(ref firstFailure, e.Message, null);
            }
            finally
            {
                gate.Release();
            }
        }));
        if (failures > 0)
        {
            Console.WriteLine($"   {failures:N0} light circuits failed to start (the first: {firstFailure})");
        }
        return circuits;
    }

    private static void ReportLight(List<LightCircuit> circuits, BoardArrivals arrivals, int measured, double seconds)
    {
        var expected = (long)measured * circuits.Count;
        var errors = circuits.Where(c => c.Error is not null).ToList();
        var batches = circuits.Sum(c => (long)c.RenderBatches);
        // Not drawn is not necessarily lost: a frame inserts everything since the last one, newest on top, and the virtualized
        // list draws only as many rows as its window holds, so alerts pushed below it by later ones in the same frame are never drawn.
        Console.WriteLine($"   light: drawn {arrivals.Delivered:N0} of {expected:N0} expected ({measured:N0} alerts x {circuits.Count:N0} boards; every alert counts: the default board shows every " +
            $"status and severity); not drawn {expected - arrivals.Delivered:N0} ({circuits.Count(c => c.MeasuredSeen < measured):N0} boards short); " +
            $"{errors.Count:N0} circuits ended with an error{(errors.Count > 0 ? $" (the first: {errors[0].Error})" : "")}");
        Console.WriteLine($"   light: {batches:N0} render batches ({arrivals.BatchBytes / 1048576.0:F1} MB, warm-up included), about {batches / (double)Math.Max(1, circuits.Count) / (seconds + WarmupLength.TotalSeconds):F1} per board per second");
        Console.WriteLine($"   light: POST -> row in a render batch  {arrivals.Latency.Tail()}");
    }

    private static async Task ReportBrowserAsync(List<IPage> pages, BoardArrivals arrivals, int from, int to)
    {
        if (pages.Count == 0)
        {
            return;
        }
        var latencies = new List<double>();
        var counts = new List<int>();
        foreach (var page in pages)
        {
            var seen = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__probeSeen");
            var shown = seen.Select(s => (Number: int.Parse(s.Key, System.Globalization.CultureInfo.InvariantCulture), At: s.Value)).Where(s => s.Number >= from && s.Number < to).ToList();
            counts.Add(shown.Count);
            latencies.AddRange(shown.Select(s => s.At - arrivals.SentAtMs(s.Number)));
        }
        Console.WriteLine($"   Chromium: {counts.Sum():N0} of {(long)(to - from) * pages.Count:N0} expected rows drawn ({string.Join(", ", counts)} per page)");
        if (latencies.Count > 0)
        {
            Console.WriteLine($"   Chromium: POST -> row in the DOM  {new Percentiles(latencies).Tail()}");
        }
    }

    private static async Task WaitForDeliveriesAsync(BoardArrivals arrivals, long expected)
    {
        var last = -1L;
        var lastChange = Stopwatch.GetTimestamp();
        while (arrivals.Delivered < expected && Stopwatch.GetElapsedTime(lastChange) < Quiet)
        {
            await Task.Delay(250);
            if (arrivals.Delivered != last)
            {
                last = arrivals.Delivered;
                lastChange = Stopwatch.GetTimestamp();
            }
        }
        // The Chromium pages see the same frames; a moment more for their observers.
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    private static async Task WaitForClosedAsync(BoardServerProcess server, int open)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10) && (await server.MeasureAsync()).OpenCircuits > open)
        {
            await Task.Delay(250);
        }
    }

    private static string Mb(long bytes) => BoardMemoryBenchmark.Mb(bytes);
}
