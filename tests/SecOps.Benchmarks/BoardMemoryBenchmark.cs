using System.Diagnostics;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "board-memory": the server's managed memory per open triage board, over N real Chromium tabs
/// (one signed-in context) each showing /triage until the board is interactive. The app runs in this
/// process, so GC figures are the server's (plus this process's Playwright client objects, which a
/// control run over the static sign-in page estimates; a second control over /not-found gives a circuit
/// with the layout but no board). Target: at most 300 KB per board.
/// </summary>
public static class BoardMemoryBenchmark
{
    public const double TargetKbPerBoard = 300;
    private const string Interactive = ".board-list[data-interactive=true]";
    private static readonly BrowserNewContextOptions Viewport = new() { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } };

    internal readonly record struct Memory(long Managed, long WorkingSet);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        var n = settings.Pages;
        Console.WriteLine($"== board-memory: {n} Chromium tabs on /triage over {settings.BoardAlerts:N0} ingested alerts (the board loads up to 500)");
        await AlertToScreenBenchmark.WaitForChromiumAsync();
        var circuits = new CircuitCounter();
        using var host = new BenchmarkHost(services => services.AddSingleton<CircuitHandler>(circuits));
        using (var client = host.ApiClient())
        {
            foreach (var body in new AlertDocuments(seed: 21).NdjsonBatches(settings.BoardAlerts, 1_000, DateTimeOffset.UtcNow.AddMinutes(-30)))
            {
                using var response = await client.PostAsync("/api/v1/alerts", AlertDocuments.Content(body));
                response.EnsureSuccessStatusCode();
            }
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = AlertToScreenBenchmark.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync(Viewport);
        var board = new Uri(host.BaseAddress, "/triage").ToString();

        // Sign in once, then open and close one board so one-time costs (JIT, caches, statics) are not counted.
        var signIn = await context.NewPageAsync();
        await AlertToScreenBenchmark.SignInAsync(signIn, host.BaseAddress);
        await signIn.CloseAsync();
        var warm = await OpenBoardAsync(context, board);
        Console.WriteLine($"   warm-up board: {await warm.Locator(".board-count").InnerTextAsync()}, {await warm.Locator("[data-alert-id]").CountAsync()} rows in the DOM (virtualized)");
        await warm.CloseAsync();
        await SettleAsync(circuits, 0);

        // Controls, measured first while the heap is steady: the static sign-in page (no circuit) gives the
        // measurement's own cost per tab; /not-found (layout only) gives a circuit without the board.
        await using (var anonymous = await browser.NewContextAsync(Viewport))
        {
            var signInPage = new Uri(host.BaseAddress, "/account/login").ToString();
            var control = await TabsAsync(anonymous, n, circuits, async () => await OpenAsync(anonymous, signInPage, "#email"));
            Console.WriteLine($"   control: {n} tabs on the static sign-in page (no circuit): {control:F0} KB per tab (Playwright client objects and the like)");
        }
        var notFound = new Uri(host.BaseAddress, "/not-found").ToString();
        var expected = 0;
        var layout = await TabsAsync(context, n, circuits, async () =>
        {
            var page = await OpenAsync(context, notFound, "h1");
            expected++;
            await WaitAsync(() => circuits.Connected >= expected);
            return page;
        });
        Console.WriteLine($"   layout only: {n} tabs on /not-found (a circuit with the main layout): {layout:F0} KB per circuit");
        var rows = await RowsAsync(host);
        Console.WriteLine($"   one board's 500 rows as loaded (List<AlertView> from AlertQueries, 10 held at once): {rows:F0} KB");

        var before = Measure();
        Console.WriteLine($"   before: managed {Mb(before.Managed)}, working set {Mb(before.WorkingSet)}; circuits {circuits}");
        var pages = new List<IPage>(n);
        var opening = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            pages.Add(await OpenBoardAsync(context, board));
        }
        Console.WriteLine($"   opened {n} interactive boards in {opening.Elapsed.TotalSeconds:F1} s; circuits {circuits}");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var open = Measure();
        var perBoard = (open.Managed - before.Managed) / (double)n / 1024;
        Console.WriteLine($"   with {n} open: managed {Mb(open.Managed)}, working set {Mb(open.WorkingSet)}");
        Console.WriteLine($"   per board: managed {perBoard:F0} KB, working set {(open.WorkingSet - before.WorkingSet) / (double)n / 1024:F0} KB");

        foreach (var page in pages)
        {
            await page.CloseAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(5));
        var closed = Measure();
        Console.WriteLine($"   5 s after closing: managed {Mb(closed.Managed)} ({Kb(closed.Managed - before.Managed)} vs before), working set {Mb(closed.WorkingSet)}; circuits {circuits}");
        if (circuits.Open > 0)
        {
            await SettleAsync(circuits, 0, TimeSpan.FromSeconds(25));
            var later = Measure();
            Console.WriteLine($"   30 s after closing: managed {Mb(later.Managed)} ({Kb(later.Managed - before.Managed)} vs before); circuits {circuits}");
        }
        Console.WriteLine($"   target <= {TargetKbPerBoard} KB per board (managed delta / {n}): {(perBoard <= TargetKbPerBoard ? "met" : "MISSED")}");
    }

    /// <summary>Opens <paramref name="n"/> tabs, returns the managed bytes per tab (KB), closes them and waits for their circuits to go.</summary>
    internal static async Task<double> TabsAsync(IBrowserContext context, int n, CircuitCounter circuits, Func<Task<IPage>> open, Func<Task>? whileOpen = null)
    {
        var before = Measure();
        var pages = new List<IPage>(n);
        for (var i = 0; i < n; i++)
        {
            pages.Add(await open());
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = Measure();
        if (whileOpen is not null)
        {
            await whileOpen();
        }
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }
        await SettleAsync(circuits, 0);
        await Task.Delay(TimeSpan.FromSeconds(1));
        return (after.Managed - before.Managed) / (double)n / 1024;
    }

    internal static async Task<IPage> OpenAsync(IBrowserContext context, string url, string selector)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync(selector, new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        return page;
    }

    private static async Task<IPage> OpenBoardAsync(IBrowserContext context, string board)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(board);
        await page.WaitForSelectorAsync(Interactive, new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        return page;
    }

    /// <summary>The managed size of what one board loads: 500 rows of the newest alerts.</summary>
    private static async Task<double> RowsAsync(BenchmarkHost host)
    {
        var queries = host.Services.GetRequiredService<AlertQueries>();
        await queries.ListAsync(Actor.System, AlertQuery.All, 500, null, CancellationToken.None);
        var before = Measure();
        var held = new List<AlertQueries.Page>();
        for (var i = 0; i < 10; i++)
        {
            held.Add(await queries.ListAsync(Actor.System, AlertQuery.All, 500, null, CancellationToken.None));
        }
        var after = Measure();
        GC.KeepAlive(held);
        return (after.Managed - before.Managed) / 10 / 1024.0;
    }

    internal static Task SettleAsync(CircuitCounter circuits, int open, TimeSpan? timeout = null) =>
        WaitAsync(() => circuits.Open <= open, timeout);

    internal static async Task WaitAsync(Func<bool> done, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        while (!done() && waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(10)))
        {
            await Task.Delay(100);
        }
    }

    internal static Memory Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new Memory(managed, process.WorkingSet64);
    }

    internal static string Mb(long bytes) => $"{bytes / 1048576.0:F1} MB";

    internal static string Kb(long bytes) => $"{bytes / 1024.0:+0;-0} KB";
}
