using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Components.Shared;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Triage;

/// <summary>
/// The time-range picker (keyboard, URL, the live matcher) and the field browser (a column chosen, remembered after a
/// reload, times in the person's zone). Its own app, so the administrator's saved columns and zone touch no other test.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TriageBoardTimeAndColumnsTests(BrowserFixture fixture) : IAsyncLifetime
{
    private static readonly string Shots = Environment.GetEnvironmentVariable("SECOPS_SHOTS") ?? BrowserFixture.ArtifactsDirectory;
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

    private async Task<IPage> SignedInAsync(int width = 1440)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _app.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, BrowserFixture.AdminEmail, BrowserFixture.AdminPassword);
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
        return page;
    }

    private static Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, name + ".png") });
    }

    private static JsonObject Alert(string rule, DateTimeOffset at, string? destination = null)
    {
        var alert = Documents.Alert(rule: rule, at: at);
        if (destination is not null)
        {
            alert["destination.ip"] = destination;
        }
        return alert;
    }

    [Fact]
    public async Task TimeRange_ByKeyboardAndInTheUrl_NarrowsTheListAndTheLiveArrivals()
    {
        var tag = "tr-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await Documents.PostAsync(_app.Client(), Alert($"{tag} three hours ago", now.AddHours(-3)), Alert($"{tag} five minutes ago", now.AddMinutes(-5)));
        var page = await SignedInAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + tag);
        await board.OpenAsync(navigate: false);
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(2);

        // Keyboard only: focus the picker, open it, move to "Last 1 hour", choose it.
        var picker = page.GetByRole(AriaRole.Button, new() { Name = "Time range: All time" });
        await picker.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Last 15 minutes" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("from=now-1h"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Time range: Last 1 hour" })).ToBeVisibleAsync();
        await Expect(board.Row($"{tag} three hours ago")).ToHaveCountAsync(0);
        await Expect(board.Row($"{tag} five minutes ago")).ToBeVisibleAsync();

        // An absolute window in the URL: live alerts outside it never show, those inside arrive.
        var from = TimeRange.Iso(now.AddHours(-4));
        var to = TimeRange.Iso(now.AddHours(-2));
        await page.GotoAsync($"/triage?q={tag}&from={from}&to={to}");
        await board.OpenAsync(navigate: false);
        await Expect(board.Row($"{tag} three hours ago")).ToBeVisibleAsync();
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await Documents.PostAsync(_app.Client(), Alert($"{tag} live now, outside", DateTimeOffset.UtcNow));
        await Documents.PostAsync(_app.Client(), Alert($"{tag} live, inside", now.AddHours(-2.5)));
        await Expect(board.Row($"{tag} live, inside")).ToBeVisibleAsync();
        await Expect(board.Row($"{tag} live now, outside")).ToHaveCountAsync(0);
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(2);
        await ShotAsync(page, "timecols-absolute-range");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FieldBrowser_AddsAColumn_ThatIsStillThereAfterReload_WithTimesInTheChosenZone()
    {
        var tag = "fb-" + Guid.NewGuid().ToString("N")[..8];
        var fired = new DateTimeOffset(2026, 11, 25, 12, 0, 5, TimeSpan.Zero);
        await Documents.PostAsync(_app.Client(), Alert($"{tag} with a destination", fired, destination: "203.0.113.9"));
        var page = await SignedInAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + tag);
        await board.OpenAsync(navigate: false);

        await page.GetByRole(AriaRole.Button, new() { Name = "Fields" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Search fields").FillAsync("destination");
        await Expect(dialog.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(1);
        await dialog.GetByRole(AriaRole.Checkbox).CheckAsync();
        await dialog.GetByLabel("Search fields").FillAsync("");
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Time @timestamp" }).CheckAsync();
        await ShotAsync(page, "timecols-field-browser");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        var row = board.Row($"{tag} with a destination");
        await Expect(page.Locator(".board-header .board-head-field")).ToHaveTextAsync(["Time", "Destination IP"]);
        await Expect(row.Locator(".alert-field")).ToHaveTextAsync(["2026-11-25 12:00:05", "203.0.113.9"]);

        // The zone, chosen in the picker's dialog, is the person's too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Time range: All time" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Absolute range and time zone…" }).ClickAsync();
        var zone = page.GetByRole(AriaRole.Dialog).GetByLabel("Time zone");
        await zone.FillAsync("Asia/Tok");
        await page.GetByText("Asia/Tokyo", new() { Exact = true }).ClickAsync();
        // The choice is taken before Apply (on a busy machine a click on Apply could otherwise beat the picker's update).
        await Expect(zone).ToHaveValueAsync("Asia/Tokyo");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(row.Locator(".alert-field").First).ToHaveTextAsync("2026-11-25 21:00:05");

        await page.ReloadAsync();
        await board.OpenAsync(navigate: false);
        await Expect(page.Locator(".board-header .board-head-field")).ToHaveTextAsync(["Time", "Destination IP"]);
        await Expect(row.Locator(".alert-field")).ToHaveTextAsync(["2026-11-25 21:00:05", "203.0.113.9"]);
        await Expect(row.Locator("time.alert-field-time")).ToHaveAttributeAsync("title", "2026-11-25 21:00:05 +09:00 (Asia/Tokyo)");
        await ShotAsync(page, "timecols-columns-after-reload");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SuppressDialog_PreviewsStoredMatches_ClosesThem_AndTheListNamesItsCreator()
    {
        var tag = "sp-" + Guid.NewGuid().ToString("N")[..8];
        var rule = $"{tag} port scan";
        await Documents.PostAsync(_app.Client(), [.. Enumerable.Range(0, 4).Select(i => Documents.Alert(rule: rule, host: "scanner-01")), Documents.Alert(rule: rule, host: "scanner-02")]);
        var page = await SignedInAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString("host:scanner-01 " + tag));
        await board.OpenAsync(navigate: false);
        await board.Row(rule).First.ClickAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suppress similar alerts" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        var preview = dialog.GetByRole(AriaRole.Status);
        await Expect(preview).ToContainTextAsync("4 stored alerts match these values (4 not closed)");
        // Without the host, the rule matches the other scanner's alert too: the count follows the edit.
        await dialog.GetByLabel("Host: scanner-01").UncheckAsync();
        await Expect(preview).ToContainTextAsync("5 stored alerts match these values (5 not closed)");
        await dialog.GetByLabel("Host: scanner-01").CheckAsync();
        await Expect(preview).ToContainTextAsync("4 stored alerts match");
        await dialog.GetByLabel("Reason (required)").FillAsync("our own scanner");
        await dialog.GetByLabel("Also close the 4 stored alerts that are not closed").CheckAsync();
        await ShotAsync(page, "timecols-suppress-preview");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Suppress and close 4" }).ClickAsync();

        await Expect(page.GetByText("Closed 4 stored alerts.", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(board.List.Locator(".alert-row.status-closed")).ToHaveCountAsync(4);

        await page.GotoAsync("/triage/suppressions");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "our own scanner" });
        await Expect(row.Locator("td.suppression-creator")).ToHaveTextAsync("Administrator");
        await Expect(row.Locator("td.suppression-created")).ToContainTextAsync(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " ");
        await Expect(row.Locator("td.suppression-created")).ToContainTextAsync("UTC");
        await ShotAsync(page, "timecols-suppressions-list");
        await page.Context.CloseAsync();
    }
}
