using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.ScaleOut;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.ScaleOut;

/// <summary>
/// Two instances, A and B, on one store and a Redis of the test's own (so the outage is felt by nobody else): alerts
/// ingested on A while that Redis is killed reach the triage board open in a browser on B, and a hub client on B, once
/// Redis is back; B stays up (live) and reports not ready meanwhile. Only announcements and Redis reconnects bring A's
/// changes to B here (the periodic catch-up is set to an hour), so it is the reconnect's re-read that the board shows.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RedisOutageBoardTests(BrowserFixture fixture)
{
    [RedisFact]
    public async Task AlertsIngestedOnAWhileRedisIsDown_AppearOnTheBoardAndHubClientOnB_AfterRedisReturns_AndBReportsTheOutage()
    {
        using var redis = new LocalRedisServer();
        var store = Path.Combine(Path.GetTempPath(), "secops-bt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(store);
        var settings = new Dictionary<string, string?>(BrowserFixture.AdminSettings())
        {
            ["SecOps:ScaleOut:Redis"] = redis.Configuration,
            ["SecOps:ScaleOut:Channel"] = "secops-bt:" + Guid.NewGuid().ToString("N"),
            ["SecOps:ScaleOut:CatchUpInterval"] = "01:00:00",
        };
        var a = new SecOpsApp(settings, store, keepStore: true);
        var b = new SecOpsApp(settings, store, keepStore: true);
        IBrowserContext? browser = null;
        try
        {
            await a.Get<ChangeNotifications>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
            await b.Get<ChangeNotifications>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
            browser = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = b.BaseAddress.ToString(),
                ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            });
            var page = await browser.NewPageAsync();
            await BrowserFixture.SignInAsync(page, BrowserFixture.AdminEmail, BrowserFixture.AdminPassword);
            var board = new TriageBoard(page);
            await board.OpenAsync();
            await page.EvaluateAsync("() => { window.__noReload = true; }");
            var received = new Arrivals<string>();
            await using var hub = b.Hub();
            hub.On<AlertFrame>("alerts", frame =>
            {
                foreach (var item in frame.Items)
                {
                    received.Add(item.DocumentId);
                }
            });
            await hub.StartAsync();
            await hub.InvokeAsync("Resume", b.Get<LiveFeed>().Head);
            using var health = b.Client(apiKey: null);

            var run = Guid.NewGuid().ToString("N")[..8];
            await Documents.PostAsync(a.Client(), Documents.Alert($"before-{run}", rule: $"Before outage {run}"));
            await Expect(board.Row($"Before outage {run}")).ToBeVisibleAsync();

            redis.Kill();
            var during = Enumerable.Range(0, 5).Select(i => $"During outage {run} #{i}").ToList();
            for (var i = 0; i < during.Count; i++)
            {
                await Documents.PostAsync(a.Client(), Documents.Alert($"during-{run}-{i}", rule: during[i]));
            }
            await WaitForAsync(async () => (await health.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "B not ready while Redis is down");
            Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await a.Client(apiKey: null).GetAsync("/health/live")).StatusCode);
            await BrowserFixture.ScreenshotAsync(page, "scaleout-board-redis-down");

            redis.Start();
            foreach (var rule in during)
            {
                await Expect(board.Row(rule)).ToBeVisibleAsync(new() { Timeout = 30_000 });
            }
            await received.WaitUntilAsync(ids => ids.Count >= 1 + during.Count, "the outage's alerts on B's hub client");
            Assert.Equal([$"before-{run}", .. Enumerable.Range(0, during.Count).Select(i => $"during-{run}-{i}")], received.Snapshot());
            // Each once on the board, updated in place (no reload).
            foreach (var rule in during)
            {
                await Expect(board.Row(rule)).ToHaveCountAsync(1);
            }
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"));
            await WaitForAsync(async () => (await health.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "B ready again once Redis is back");
            await BrowserFixture.ScreenshotAsync(page, "scaleout-board-after-redis-returns");
        }
        finally
        {
            if (browser is not null)
            {
                await browser.CloseAsync();
            }
            await b.DisposeAsync();
            await a.DisposeAsync();
            TestStore.Delete(store);
        }
    }

    /// <summary>Re-checks a condition until it holds (bounded; the bound only limits a failing test).</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
