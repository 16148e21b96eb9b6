using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Triage;

/// <summary>What analysts reach for daily (issue #14): notes, drawer pivots, group actions, select all, raw events.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DailyToolsTests(BrowserFixture fixture)
{
    private async Task<IReadOnlyList<AlertView>> ReadAsync(string query)
    {
        var page = await fixture.App.Client().GetFromJsonAsync<AlertReadEndpoints.AlertPage>(
            "/api/v1/alerts?size=1000&query=" + Uri.EscapeDataString(query), JsonSerializerOptions.Web);
        return page!.Items;
    }

    private async Task<(IPage Page, TriageBoard Board)> OpenBoardAsync(string query)
    {
        var page = await fixture.SignedInPageAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString(query));
        await board.OpenAsync(navigate: false);
        return (page, board);
    }

    private static ILocator Drawer(IPage page) => page.GetByRole(AriaRole.Complementary, new() { Name = "Alert details" });

    [Fact]
    public async Task Note_WrittenWithTheKeyboard_AppearsLiveInASecondBrowsersHistory()
    {
        var rule = $"note-{Guid.NewGuid().ToString("N")[..8]}";
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: rule));
        var (writer, writerBoard) = await OpenBoardAsync(rule);
        var (reader, readerBoard) = await OpenBoardAsync(rule);
        await readerBoard.Row(rule).ClickAsync();
        await reader.Keyboard.PressAsync("Enter");
        await Drawer(reader).GetByRole(AriaRole.Tab, new() { Name = "History (0)" }).ClickAsync();

        // n opens the drawer on the cursor row with the note box focused; Ctrl+Enter adds the note.
        await writerBoard.Row(rule).ClickAsync();
        await writer.Keyboard.PressAsync("n");
        var box = Drawer(writer).GetByLabel("Add a note");
        await Expect(box).ToBeFocusedAsync();
        await writer.Keyboard.TypeAsync("Blocked at the **WAF**, see <script>alert(1)</script>");
        await writer.Keyboard.PressAsync("Control+Enter");

        var note = Drawer(reader).Locator(".detail-history li").Filter(new() { HasText = "added a note" });
        await Expect(note).ToContainTextAsync("Blocked at the WAF, see <script>alert(1)</script>");
        await Expect(note.Locator("strong")).ToHaveTextAsync("WAF");
        await Expect(note.Locator("script")).ToHaveCountAsync(0);
        await Expect(Drawer(reader).GetByRole(AriaRole.Tab, new() { Name = "History (1)" })).ToBeVisibleAsync();
        await Expect(box).ToHaveValueAsync("");
        await Expect(note).ToContainTextAsync(BrowserFixture.AdminEmail);
        await BrowserFixture.ScreenshotAsync(reader, "board-note-live");
        Assert.Equal("open", (await ReadAsync($"rule:\"{rule}\"")).Single().Status);
        await writer.Context.CloseAsync();
        await reader.Context.CloseAsync();
    }

    [Fact]
    public async Task DrawerPivots_FilterIn_FilterOut_AndCopy_AreReachableWithTheKeyboard()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(rule: $"pivot-{tag}", host: $"keep-{tag}"), Documents.Alert(rule: $"pivot-{tag}", host: $"drop-{tag}", at: DateTimeOffset.UtcNow.AddMinutes(-1)));
        var (page, board) = await OpenBoardAsync($"pivot-{tag}");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(2);
        await board.Row($"drop-{tag}").ClickAsync();
        await page.Keyboard.PressAsync("Enter");

        var copy = Drawer(page).GetByRole(AriaRole.Button, new() { Name = "Copy Host" });
        await copy.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("async expected => (await navigator.clipboard.readText()) === expected", $"drop-{tag}");
        Assert.Equal($"drop-{tag}", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // Shift+Tab from Copy reaches Filter out: Enter narrows the search to every alert but this host.
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(Drawer(page).GetByRole(AriaRole.Button, new() { Name = "Filter out Host" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Search alerts")).ToHaveValueAsync($"(pivot-{tag}) AND NOT host:\"drop-{tag}\"");
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await Expect(board.Row($"keep-{tag}")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task GroupedView_AcknowledgesAWholeGroup_ShowingItsCountAndSeverityMix()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(rule: $"grpact-{tag}", host: $"a-{tag}", severity: "critical"), Documents.Alert(rule: $"grpact-{tag}", host: $"a-{tag}", severity: "low"),
            Documents.Alert(rule: $"grpact-{tag}", host: $"a-{tag}", severity: "low"), Documents.Alert(rule: $"grpact-{tag}", host: $"b-{tag}", severity: "high"));
        var (page, _) = await OpenBoardAsync($"grpact-{tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grouped" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Host", Exact = true }).ClickAsync();

        var group = page.Locator(".group").Filter(new() { HasText = $"a-{tag}" });
        await Expect(group.GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", "1 critical, 2 low");
        await BrowserFixture.ScreenshotAsync(page, "board-grouped-actions");
        var acknowledge = group.GetByRole(AriaRole.Button, new() { Name = "Acknowledge 3" });
        await acknowledge.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var confirm = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Acknowledge 3" });
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Acknowledge 3 alerts");
        await confirm.PressAsync("Enter");

        await Expect(group.Locator(".group-open")).ToHaveTextAsync("0 open");
        Assert.All(await ReadAsync($"host:\"a-{tag}\""), a => Assert.Equal("acknowledged", a.Status));
        Assert.Equal("open", (await ReadAsync($"host:\"b-{tag}\"")).Single().Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SelectAll_ChecksTheShownPage_ThenOffersAllMatching_AndActsOnTheWholeFilter()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await Documents.PostAsync(fixture.App.Client(), Enumerable.Range(0, 230).Select(i => Documents.Alert(rule: $"all-{tag}-{i:000}", at: now.AddSeconds(-i))).ToArray());
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: $"other-{tag}"));
        var (page, board) = await OpenBoardAsync($"all-{tag}");
        await Expect(page.Locator(".board-count")).ToContainTextAsync("200");

        var selectShown = page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all shown alerts" });
        await selectShown.ClickAsync();
        await Expect(selectShown).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge 200 selected" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Select all 230 matching" }).ClickAsync();
        var acknowledge = page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge all 230 matching" });
        await Expect(acknowledge).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "board-select-all");
        await acknowledge.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Acknowledge 230" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(board.Row($"all-{tag}-000").Locator(".alert-status")).ToHaveTextAsync("acknowledged");
        Assert.All(await ReadAsync($"all-{tag}"), a => Assert.Equal("acknowledged", a.Status));
        Assert.Equal("open", (await ReadAsync($"rule:\"other-{tag}\"")).Single().Status);
        await Expect(selectShown).ToHaveAttributeAsync("aria-checked", "false");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EventsTab_WithoutAnElasticsearchSource_SaysSoPlainly()
    {
        var rule = $"events-{Guid.NewGuid().ToString("N")[..8]}";
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: rule));
        var (page, board) = await OpenBoardAsync(rule);
        await board.Row(rule).ClickAsync();
        await page.Keyboard.PressAsync("Enter");

        await Drawer(page).GetByRole(AriaRole.Tab, new() { Name = "Events" }).ClickAsync();

        await Expect(Drawer(page).GetByRole(AriaRole.Status)).ToContainTextAsync("No Elasticsearch source is configured");
        await BrowserFixture.ScreenshotAsync(page, "board-events-empty");
        await page.Context.CloseAsync();
    }
}
