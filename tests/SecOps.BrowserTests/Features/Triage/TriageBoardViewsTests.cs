using System.Text.Json;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Triage;

/// <summary>
/// The list is rebuilt whenever the view switches or a pivot shows it again: after each step the new list must take row
/// clicks, checkboxes, the keyboard, live arrivals and paging, and nothing of the old lists may still listen.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TriageBoardViewsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ListGroupedKanbanListAndAPivot_AfterEachStepTheListTakesClicksChecksKeysArrivalsAndPaging()
    {
        var tag = "cycle-" + Guid.NewGuid().ToString("N")[..8];
        var host = "host-" + tag;
        var old = DateTimeOffset.UtcNow.AddHours(-2);
        // Five pages (200 rows each) of older alerts, enough for a page more at each step, all on one host so the pivot keeps them.
        await Documents.PostAsync(fixture.App.Client(), Enumerable.Range(0, 1000).Select(i => Documents.Alert(rule: $"{tag} old {i:000}", host: host, at: old.AddSeconds(-i))).ToArray());
        var page = await fixture.SignedInPageAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString(tag));
        await board.OpenAsync(navigate: false);

        await CheckListAsync(board, tag, host, "list");

        await ShowAsync(page, "Grouped");
        await Expect(page.Locator(".group-head").First).ToBeVisibleAsync();
        await ShowAsync(page, "List");
        await CheckListAsync(board, tag, host, "after grouped");

        await ShowAsync(page, "Kanban");
        var arrival = $"{tag} kanban arrival";
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: arrival, host: host));
        await Expect(page.Locator(".kanban-card").Filter(new() { HasText = arrival })).ToBeVisibleAsync();
        await ShowAsync(page, "List");
        await CheckListAsync(board, tag, host, "after kanban");

        await ShowAsync(page, "Grouped");
        await page.GetByRole(AriaRole.Button, new() { Name = "Host", Exact = true }).ClickAsync();
        await page.Locator(".group-head").Filter(new() { HasText = host }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show all in the list" }).ClickAsync();
        await Expect(page.GetByLabel("Search alerts")).ToHaveValueAsync($"({tag}) AND host:\"{host}\"");
        await CheckListAsync(board, tag, host, "after the pivot");
        await BrowserFixture.ScreenshotAsync(page, "board-after-views");

        // One board and one list attached, however often the list was rebuilt.
        var counts = await page.EvaluateAsync<JsonElement>("async () => (await import('/js/board.js')).attachedCounts()");
        Assert.Equal(1, counts.GetProperty("boards").GetInt32());
        Assert.Equal(1, counts.GetProperty("lists").GetInt32());
        await page.Context.CloseAsync();
    }

    private static Task ShowAsync(IPage page, string view) =>
        page.GetByRole(AriaRole.Group, new() { Name = "Board view" }).GetByRole(AriaRole.Button, new() { Name = view, Exact = true }).ClickAsync();

    private async Task CheckListAsync(TriageBoard board, string tag, string host, string step)
    {
        var page = board.Page;
        await Expect(page.Locator(".board-list[data-interactive=true]")).ToBeAttachedAsync();
        // The server knows this list is at the top: arrivals are inserted, not counted.
        await Expect(board.List).ToHaveAttributeAsync("data-at-top", "true");

        var arrival = $"{tag} arrival {step}";
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: arrival, host: host));
        var row = board.Row(arrival);
        await Expect(row).ToBeVisibleAsync();
        await Expect(board.List.GetByRole(AriaRole.Option).First).ToContainTextAsync(arrival);

        await row.Locator(".alert-rule").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(board.SelectedRows).ToHaveCountAsync(1);

        // One key press moves the cursor one row: a keyboard listener left behind by an old list would move it twice.
        await page.Keyboard.PressAsync("j");
        await Expect(board.List.GetByRole(AriaRole.Option).Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(board.SelectedRows).ToHaveCountAsync(1);

        await row.Locator(".alert-check").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("aria-checked", "true");

        // Scrolling to the end brings the next page of older alerts.
        var before = int.Parse((await page.Locator(".board-count").TextContentAsync())!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        await board.List.EvaluateAsync("el => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); }");
        await page.WaitForFunctionAsync("n => parseInt(document.querySelector('.board-count').textContent) >= n + 200", before);
        await Expect(board.List).ToHaveAttributeAsync("data-at-top", "false");
    }
}
