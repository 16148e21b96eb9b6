using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.BrowserTests.Features.Triage;

/// <summary>
/// Loads of the board while alerts stream in: whatever is committed while the first page loads must show, and only
/// once. Its own app, so thousands of alerts do not slow the other browser tests' store.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TriageBoardReloadTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const int Loads = 20;
    private const int AlertsPerSecond = 300;

    private SecOpsApp _app = default!;

    public Task InitializeAsync()
    {
        _app = new SecOpsApp(BrowserFixture.AdminSettings());
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    // Every row the list has drawn, in order (a tall window, so the list draws well over a hundred rows).
    private const string DrawnIds = "() => [...document.querySelectorAll('.board-list [data-alert-id]')].map(e => e.dataset.alertId)";

    // True when the drawn rows are exactly the API's newest alerts down to the oldest drawn one, each once.
    private const string MatchesApi = """
        newest => {
            const drawn = [...document.querySelectorAll('.board-list [data-alert-id]')].map(e => e.dataset.alertId);
            if (drawn.length < 100 || new Set(drawn).size !== drawn.length) return false;
            const position = new Map(newest.map((id, i) => [id, i]));
            if (drawn.some(id => !position.has(id))) return false;
            const oldest = Math.max(...drawn.map(id => position.get(id)));
            return oldest + 1 === drawn.length;
        }
        """;

    [Fact]
    public async Task TwentyLoadsWhileAlertsStreamIn_EachShowEveryAlertNewerThanTheOldestRow_Once()
    {
        var client = _app.Client();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        await Documents.PostAsync(client, Enumerable.Range(0, 300).Select(i => Documents.Alert(rule: $"seed {i}", at: start.AddMilliseconds(i))).ToArray());
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 6000 },
        });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, BrowserFixture.AdminEmail, BrowserFixture.AdminPassword);
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        var board = new TriageBoard(page);

        await using var poster = new AlertPoster(client, "stream", AlertsPerSecond, maxAlerts: 30_000, maxTime: TimeSpan.FromMinutes(8), @base: start.AddMinutes(1));
        poster.Start();
        var loadsWithArrivals = 0;
        for (var load = 0; load < Loads; load++)
        {
            poster.Resume();
            var before = poster.Posted;
            await page.GotoAsync("/triage");
            await board.OpenAsync(navigate: false);
            await poster.PauseAsync();
            loadsWithArrivals += poster.Posted > before ? 1 : 0;

            // Everything posted is committed; the API's newest alerts are what the board must converge to.
            var api = await client.GetFromJsonAsync<AlertReadEndpoints.AlertPage>("/api/v1/alerts?size=1000", JsonSerializerOptions.Web);
            var newest = api!.Items.Select(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            try
            {
                await page.WaitForFunctionAsync(MatchesApi, newest, new PageWaitForFunctionOptions { Timeout = 60_000 });
            }
            catch (TimeoutException)
            {
                var drawn = await page.EvaluateAsync<string[]>(DrawnIds);
                var expected = newest.Take(drawn.Length).ToHashSet();
                await BrowserFixture.ScreenshotAsync(page, $"board-reload-{load}");
                Assert.Fail($"Load {load}: {drawn.Length} rows drawn, {drawn.Length - drawn.Distinct().Count()} twice; "
                    + $"missing {string.Join(',', expected.Except(drawn).Take(20))}; not among the newest {string.Join(',', drawn.Except(expected).Take(20))}");
            }
        }
        // Otherwise the loads would not have raced anything.
        Assert.True(loadsWithArrivals >= Loads / 2, $"alerts arrived during only {loadsWithArrivals} of {Loads} loads");
        await BrowserFixture.ScreenshotAsync(page, "board-after-reloads");
        await context.CloseAsync();
    }
}
