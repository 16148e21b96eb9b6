using System.Diagnostics;
using Microsoft.Playwright;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "grouped-aggregates": N real Chromium tabs (Blazor circuits) on the triage board's grouped view while alerts
/// stream in; counts the grouped-count queries (GROUP BY over the alerts) the app runs per second. The target: at most
/// one per aggregate interval (SecOps:Live:AggregateInterval, 1 s) for one shared grouping, however many circuits show it.
/// </summary>
public static class GroupedAggregatesBenchmark
{
    private const int PreloadAlerts = 2_000;
    private const int BatchSize = 5;

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        var circuits = settings.Circuits;
        Console.WriteLine($"== grouped-aggregates: {circuits} Chromium tabs on the grouped view, {settings.GroupRate} alerts/s for {settings.Seconds} s over {PreloadAlerts:N0} stored alerts");
        await AlertToScreenBenchmark.WaitForChromiumAsync();
        using var groupQueries = new SqlCommandCounter(sql => sql.Contains("GROUP BY", StringComparison.Ordinal) && sql.Contains("FROM \"Alerts\"", StringComparison.Ordinal));
        using var host = new BenchmarkHost();
        using var client = host.ApiClient();
        foreach (var body in new AlertDocuments(seed: 41).NdjsonBatches(PreloadAlerts, 1_000, DateTimeOffset.UtcNow.AddMinutes(-30)))
        {
            using var response = await client.PostAsync("/api/v1/alerts", AlertDocuments.Content(body));
            response.EnsureSuccessStatusCode();
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await AlertToScreenBenchmark.LaunchChromiumAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        var signIn = await context.NewPageAsync();
        await AlertToScreenBenchmark.SignInAsync(signIn, host.BaseAddress);
        await signIn.CloseAsync();
        var board = new Uri(host.BaseAddress, "/triage").ToString();
        var pages = new List<IPage>(circuits);
        for (var i = 0; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(board);
            await page.WaitForSelectorAsync(".board-list[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Grouped", Exact = true }).ClickAsync();
            await page.WaitForSelectorAsync(".group", new PageWaitForSelectorOptions { Timeout = 60_000 });
            pages.Add(page);
        }
        Console.WriteLine($"   {pages.Count} grouped views open");

        var before = groupQueries.Count;
        var stopwatch = Stopwatch.StartNew();
        var posted = await StreamAsync(client, settings.GroupRate, TimeSpan.FromSeconds(settings.Seconds));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var queries = groupQueries.Count - before;
        var groupCounts = await pages[0].Locator(".group-count").AllInnerTextsAsync();
        Console.WriteLine($"   streamed {posted:N0} alerts in {seconds:F1} s = {posted / seconds:F0} alerts/s; first view shows {groupCounts.Count} groups");
        Console.WriteLine($"   grouped-count queries: {queries:N0} in {seconds:F1} s = {queries / seconds:F2} per second ({queries / seconds / circuits:F3} per circuit per second)");
        Console.WriteLine($"   target at most 1 per second (one shared grouping, 1 s aggregate interval): {(queries / seconds <= 1.05 ? "met" : "MISSED")}");
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }
    }

    private static async Task<int> StreamAsync(HttpClient client, int rate, TimeSpan duration)
    {
        var documents = new AlertDocuments(seed: 42);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds((double)BatchSize / rate));
        var posts = new List<Task>();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration && await timer.WaitForNextTickAsync())
        {
            var now = DateTimeOffset.UtcNow;
            posts.Add(PostAsync(client, AlertDocuments.ToNdjson(Enumerable.Range(0, BatchSize).Select(_ => documents.Next(now)))));
        }
        await Task.WhenAll(posts);
        return posts.Count * BatchSize;
    }

    private static async Task PostAsync(HttpClient client, byte[] body)
    {
        using var response = await client.PostAsync("/api/v1/alerts", AlertDocuments.Content(body));
        response.EnsureSuccessStatusCode();
    }
}
