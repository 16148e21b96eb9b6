using System.Diagnostics;
using Microsoft.Playwright;
using SecOps.Web.Features.Triage;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "alert-to-screen": from just before the ingest POST of a probe alert to its row appearing in
/// the triage board of a real (headless) Chromium, while background alerts stream in at a steady rate.
/// Targets: p50 at most 100 ms, p99 at most 300 ms at 200 alerts/s.
/// </summary>
public static class AlertToScreenBenchmark
{
    public const double TargetP50 = 100;
    public const double TargetP99 = 300;

    internal const string ChromiumPath = "/usr/bin/chromium";
    private const int BackgroundBatch = 10;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The argument of <see cref="InstallObserver"/> that keys probes by their whole rule name.</summary>
    internal const string ProbeRule = "^(probe-[\\s\\S]*)$";

    // Records, per key (the first group of the argument's pattern in a row's rule name), the first moment a row carrying
    // it is in the DOM. The whole body is observed because the interactive render may replace the prerendered list element.
    internal const string InstallObserver = """
        pattern => {
          const seen = window.__probeSeen = {};
          const keyOf = new RegExp(pattern);
          const record = (row, at) => {
            const key = keyOf.exec(row.querySelector('.alert-rule')?.textContent ?? '')?.[1];
            if (key !== undefined && !(key in seen)) seen[key] = at;
          };
          new MutationObserver(mutations => {
            const at = performance.timeOrigin + performance.now();
            for (const m of mutations) {
              const target = m.target.nodeType === 1 ? m.target : m.target.parentElement;
              const row = target?.closest('[data-alert-id]');
              if (row) record(row, at);
              for (const node of m.addedNodes) {
                if (node.nodeType !== 1) continue;
                if (node.matches('[data-alert-id]')) record(node, at);
                node.querySelectorAll('[data-alert-id]').forEach(r => record(r, at));
              }
            }
          }).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    private sealed record Probe(string Name, double PostStartMs, double AckMs);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"== alert-to-screen: {settings.Probes} probes (+{settings.WarmupProbes} warm-up) every {ProbeInterval.TotalMilliseconds} ms, background {settings.Rate} alerts/s");
        await WaitForChromiumAsync();
        using var host = new BenchmarkHost();
        using var client = host.ApiClient();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        // The board's list is virtualized: only rows in its window (plus a few) are in the DOM. A frame inserts everything
        // that arrived since the last one, newest on top, so a probe with later background alerts above it is drawn only if
        // the window holds them: size it for a tenth of a second of the stream (a 1000 px window holds about 25 rows). A quarter
        // second (250 rows at 1,000/s) made Chromium's layout the bottleneck: 760 alerts/s reached, API answers p50 7.4 s.
        var height = (int)Math.Clamp(300 + TriageBoardPage.RowHeight * settings.Rate / 10.0, 1000, 16_000);
        Console.WriteLine($"   Chromium viewport 1280x{height}: the virtualized list draws about {(height - 300) / TriageBoardPage.RowHeight:F0} rows");
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = height } });
        await SignInAsync(page, host.BaseAddress);
        await page.GotoAsync(new Uri(host.BaseAddress, "/triage").ToString());
        await page.WaitForSelectorAsync(".board-list", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.EvaluateAsync(InstallObserver, ProbeRule);
        await WaitUntilLiveAsync(page, client);

        using var stop = new CancellationTokenSource();
        var background = StreamBackgroundAsync(client, settings.Rate, stop.Token);
        var probes = await PostProbesAsync(client, settings.WarmupProbes + settings.Probes);
        var measured = probes.Skip(settings.WarmupProbes).ToList();
        await WaitForRowsAsync(page, measured[^1].Name);
        await stop.CancelAsync();
        var (posted, seconds) = await background;

        var seen = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__probeSeen");
        var shown = measured.Where(p => seen.ContainsKey(p.Name)).ToList();
        Console.WriteLine($"   background: {posted:N0} alerts in {seconds:F1} s = {posted / seconds:F0} alerts/s");
        Console.WriteLine($"   probes: {measured.Count} measured, {shown.Count} rendered, {measured.Count - shown.Count} never seen");
        if (shown.Count == 0)
        {
            Console.WriteLine("   no probe row appeared: target MISSED");
            return;
        }
        var toScreen = new Percentiles(shown.Select(p => seen[p.Name] - p.PostStartMs));
        Console.WriteLine($"   post -> row on screen  {toScreen}");
        Console.WriteLine($"   post -> API answer     {new Percentiles(measured.Select(p => p.AckMs - p.PostStartMs))}");
        Console.WriteLine($"   API answer -> row      {new Percentiles(shown.Select(p => seen[p.Name] - p.AckMs))}");
        var met = toScreen.At(50) <= TargetP50 && toScreen.At(99) <= TargetP99 && shown.Count == measured.Count;
        Console.WriteLine($"   target p50 <= {TargetP50} ms, p99 <= {TargetP99} ms, every row shown: {(met ? "met" : "MISSED")}");
    }

    internal static async Task WaitForChromiumAsync()
    {
        var waited = Stopwatch.StartNew();
        while (!File.Exists(ChromiumPath))
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new InvalidOperationException($"{ChromiumPath} did not appear (apt-get install chromium).");
            }
            Console.WriteLine($"   waiting for {ChromiumPath} ...");
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
    }

    internal static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });

    internal static async Task SignInAsync(IPage page, Uri baseAddress)
    {
        await page.GotoAsync(new Uri(baseAddress, "/account/login").ToString());
        await page.FillAsync("#email", BenchmarkHost.AdminEmail);
        await page.FillAsync("#password", BenchmarkHost.AdminPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        // Administrators sign in with a second step: the host pre-enrols TOTP, the code is computed here.
        await page.WaitForURLAsync(url => url.Contains("/account/login/mfa", StringComparison.OrdinalIgnoreCase));
        await page.FillAsync("#code", new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(BenchmarkHost.AdminTotpSecret)).ComputeTotp());
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Verify" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Posts readiness probes until one shows up, so the circuit and its live subscription are up.</summary>
    private static async Task WaitUntilLiveAsync(IPage page, HttpClient client)
    {
        var documents = new AlertDocuments(seed: 3);
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var name = $"probe-ready-{attempt}";
            await PostAsync(client, AlertDocuments.ToNdjson([documents.Probe(name, DateTimeOffset.UtcNow)]));
            try
            {
                await page.WaitForFunctionAsync($"() => '{name}' in window.__probeSeen", null, new PageWaitForFunctionOptions { Timeout = 500 });
                return;
            }
            catch (TimeoutException)
            {
                // The circuit is not live yet; try again.
            }
        }
        throw new InvalidOperationException("The triage board never showed a posted alert.");
    }

    /// <summary>Posts background alerts in small batches at a steady rate, without waiting for answers between ticks.</summary>
    private static async Task<(int Posted, double Seconds)> StreamBackgroundAsync(HttpClient client, int rate, CancellationToken stop)
    {
        var documents = new AlertDocuments(seed: 2);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds((double)BackgroundBatch / rate));
        var posts = new List<Task>();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = DateTimeOffset.UtcNow;
                posts.Add(PostAsync(client, AlertDocuments.ToNdjson(Enumerable.Range(0, BackgroundBatch).Select(_ => documents.Next(now)))));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        await Task.WhenAll(posts);
        return (posts.Count * BackgroundBatch, seconds);
    }

    /// <summary>
    /// Posts one probe per interval (each POST in its own task) and returns them in order. A random offset
    /// within the interval keeps the probes from locking to one phase of the background stream's frames.
    /// </summary>
    private static async Task<Probe[]> PostProbesAsync(HttpClient client, int count)
    {
        var documents = new AlertDocuments(seed: 4);
        var jitter = new Random(5);
        using var timer = new PeriodicTimer(ProbeInterval);
        var probes = new List<Task<Probe>>(count);
        for (var n = 0; n < count && await timer.WaitForNextTickAsync(); n++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(jitter.Next(0, (int)ProbeInterval.TotalMilliseconds / 2)));
            var name = $"probe-{n}";
            var body = AlertDocuments.ToNdjson([documents.Probe(name, DateTimeOffset.UtcNow)]);
            probes.Add(PostProbeAsync(client, name, body));
        }
        return await Task.WhenAll(probes);
    }

    private static async Task<Probe> PostProbeAsync(HttpClient client, string name, byte[] body)
    {
        var start = NowMs();
        await PostAsync(client, body);
        return new Probe(name, start, NowMs());
    }

    private static async Task WaitForRowsAsync(IPage page, string lastProbe)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => '{lastProbe}' in window.__probeSeen", null, new PageWaitForFunctionOptions { Timeout = 5000 });
        }
        catch (TimeoutException)
        {
            // Reported as "never seen" below.
        }
    }

    private static async Task PostAsync(HttpClient client, byte[] body)
    {
        using var content = AlertDocuments.Content(body);
        using var response = await client.PostAsync("/api/v1/alerts", content);
        response.EnsureSuccessStatusCode();
    }

    private static double NowMs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
}
