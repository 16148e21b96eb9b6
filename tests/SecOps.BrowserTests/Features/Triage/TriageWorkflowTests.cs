using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Triage;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TriageWorkflowTests(BrowserFixture fixture)
{
    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<AlertView> ReadAsync(string rule)
    {
        var page = await fixture.App.Client().GetFromJsonAsync<AlertReadEndpoints.AlertPage>(
            "/api/v1/alerts?query=" + Uri.EscapeDataString($"rule:\"{rule}\""), JsonSerializerOptions.Web);
        return Assert.Single(page!.Items);
    }

    private async Task<(IPage Page, TriageBoard Board)> OpenBoardAsync(string query)
    {
        var page = await fixture.SignedInPageAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString(query));
        await board.OpenAsync(navigate: false);
        return (page, board);
    }

    [Fact]
    public async Task KeyboardOnly_TriagesThreeAlerts()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rules = new[] { $"kb-{tag}-closed", $"kb-{tag}-claimed", $"kb-{tag}-acked" };
        var now = DateTimeOffset.UtcNow;
        await Documents.PostAsync(fixture.App.Client(), rules.Select((r, i) => Documents.Alert(rule: r, at: now.AddSeconds(i))).ToArray());
        var (page, board) = await OpenBoardAsync($"kb-{tag}");
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(3);

        // Newest first: acked, claimed, closed.
        await page.Keyboard.PressAsync("j");
        await Expect(board.Row(rules[2])).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("a");
        await Expect(board.Row(rules[2]).Locator(".alert-status")).ToHaveTextAsync("acknowledged");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("c");
        await Expect(board.Row(rules[1]).Locator(".alert-assignee")).ToHaveTextAsync(BrowserFixture.AdminEmail);
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("d");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Close 1 alert");
        await Expect(page.GetByLabel("Comment")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("scanner we own");
        // No reason is preselected: Enter alone closes nothing and says why.
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Checked = true })).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Choose a reason to close.");
        await Expect(board.Row(rules[0]).Locator(".alert-status")).ToHaveTextAsync("open");
        // Tab reaches the reasons, an arrow chooses one, and Enter in the comment confirms.
        await page.Keyboard.PressAsync("Tab");
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "True positive" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "False positive" })).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(board.Row(rules[0]).Locator(".alert-status")).ToHaveTextAsync("closed");

        Assert.Equal("acknowledged", (await ReadAsync(rules[2])).Status);
        Assert.Equal(BrowserFixture.AdminEmail, (await ReadAsync(rules[1])).Assignee);
        var closed = await ReadAsync(rules[0]);
        Assert.Equal("closed", closed.Status);
        Assert.Equal("false_positive", closed.CloseReason);
        await BrowserFixture.ScreenshotAsync(page, "board-keyboard");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RowAgesAndSlaClocks_AreFilledAndTickedByTheBrowser()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(rule: $"clock-{tag}-fresh", at: now), Documents.Alert(rule: $"clock-{tag}-late", at: now.AddDays(-2)));
        var (page, board) = await OpenBoardAsync($"clock-{tag}");

        var fresh = board.Row($"clock-{tag}-fresh");
        var late = board.Row($"clock-{tag}-late");
        await Expect(late.Locator(".alert-age")).ToHaveTextAsync("2d");
        await Expect(late.Locator(".sla")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("sla-breached"));
        await Expect(late.Locator(".sla")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^-"));
        await Expect(fresh.Locator(".sla")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("sla-running"));
        var countdown = await fresh.Locator(".sla").InnerTextAsync();
        Assert.Matches(@"^\d+m \d\ds$", countdown);
        // The countdown moves on in the browser, with no server render.
        await Expect(fresh.Locator(".sla")).Not.ToHaveTextAsync(countdown);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KeyboardOnly_CompletesAQueryAndActsThroughAMenu()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string[] rules = [$"menu-{tag}-critical", $"menu-{tag}-low"];
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: rules[0], severity: "critical"), Documents.Alert(rule: rules[1], severity: "low"));
        var (page, board) = await OpenBoardAsync($"menu-{tag}");
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(2);

        // "/" focuses the search; completions open while typing, Escape closes them, typing on opens them again.
        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "Search alerts" });
        await page.Keyboard.PressAsync("/");
        await Expect(search).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(" AND sev");
        var suggestions = page.GetByRole(AriaRole.Listbox, new() { Name = "Suggestions" });
        await Expect(suggestions.GetByRole(AriaRole.Option)).ToHaveTextAsync(["severity:"]);
        await Expect(search).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Keyboard.PressAsync("Escape");
        await Expect(suggestions).ToHaveCountAsync(0);
        await Expect(search).ToHaveAttributeAsync("aria-expanded", "false");
        await page.Keyboard.TypeAsync("e");
        await Expect(suggestions.GetByRole(AriaRole.Option)).ToHaveTextAsync(["severity:"]);

        // ArrowDown makes an option active, Enter takes it, and the field's values follow; ArrowUp wraps to the last.
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(suggestions.GetByRole(AriaRole.Option, new() { Name = "severity:" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(search).ToHaveAttributeAsync("aria-activedescendant", "board-query-option-0");
        await page.Keyboard.PressAsync("Enter");
        await Expect(search).ToHaveValueAsync($"menu-{tag} AND severity:");
        await Expect(suggestions.GetByRole(AriaRole.Option)).ToHaveTextAsync(["low", "medium", "high", "critical"]);
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(suggestions.GetByRole(AriaRole.Option, new() { Name = "critical" })).ToHaveAttributeAsync("aria-selected", "true");
        await BrowserFixture.ScreenshotAsync(page, "board-query-suggestions");
        await page.Keyboard.PressAsync("Enter");
        await Expect(search).ToHaveValueAsync($"menu-{tag} AND severity:critical");
        await Expect(suggestions).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Enter");
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await Expect(board.Row(rules[0])).ToBeVisibleAsync();

        // A menu: Enter opens it on its first item, arrows move and wrap, Escape closes it and gives focus back.
        var allMatching = page.GetByRole(AriaRole.Button, new() { Name = "Act on all alerts matching the search" });
        await allMatching.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var menu = page.GetByRole(AriaRole.Menu, new() { Name = "Act on all alerts matching the search" });
        var acknowledgeAll = menu.GetByRole(AriaRole.Menuitem, new() { Name = "Acknowledge all matching…" });
        await Expect(acknowledgeAll).ToBeFocusedAsync();
        await Expect(allMatching).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(menu.GetByRole(AriaRole.Menuitem, new() { Name = "Close all matching…" })).ToBeFocusedAsync();
        await BrowserFixture.ScreenshotAsync(page, "board-menu-all-matching");
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToHaveCountAsync(0);
        await Expect(allMatching).ToBeFocusedAsync();
        await Expect(allMatching).ToHaveAttributeAsync("aria-expanded", "false");

        // ArrowDown opens it too; choosing an item runs it (here: acknowledge what matches, after confirming).
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(acknowledgeAll).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(acknowledgeAll).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(menu).ToHaveCountAsync(0);
        var confirm = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Acknowledge 1" });
        await Expect(confirm).ToBeVisibleAsync();
        await confirm.PressAsync("Enter");
        await Expect(board.Row(rules[0]).Locator(".alert-status")).ToHaveTextAsync("acknowledged");
        Assert.Equal("acknowledged", (await ReadAsync(rules[0])).Status);
        Assert.Equal("open", (await ReadAsync(rules[1])).Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ViewsMenu_SavesTheSearch_OpensIt_AndDeletesIt_AndColumnsMenuTogglesAColumn()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rule = $"view-{tag}";
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: rule, severity: "high"));
        var (page, board) = await OpenBoardAsync(rule);
        await Expect(board.Row(rule)).ToBeVisibleAsync();
        var views = page.GetByRole(AriaRole.Button, new() { Name = "Saved views" });
        var menu = page.GetByRole(AriaRole.Menu, new() { Name = "Saved views" });

        await views.ClickAsync();
        await menu.GetByRole(AriaRole.Menuitem, new() { Name = "Save this search as a view…" }).ClickAsync();
        await Expect(menu).ToHaveCountAsync(0);
        await page.GetByLabel("Name").FillAsync($"View {tag}");
        await page.GetByLabel("Name").PressAsync("Tab");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "Search alerts" });
        await search.FillAsync("severity:low");
        await search.PressAsync("Enter");
        await Expect(board.Row(rule)).ToHaveCountAsync(0);
        await views.ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "board-menu-views");
        await menu.GetByRole(AriaRole.Menuitem, new() { Name = $"View {tag}", Exact = true }).ClickAsync();
        await Expect(search).ToHaveValueAsync(rule);
        await Expect(board.Row(rule)).ToBeVisibleAsync();

        // Columns: a checkbox item hides the column and the menu stays open for the next; the choice is kept per user.
        var columns = page.GetByRole(AriaRole.Button, new() { Name = "Columns" });
        await columns.ClickAsync();
        var tactic = page.GetByRole(AriaRole.Menu, new() { Name = "Columns" }).GetByRole(AriaRole.Menuitemcheckbox, new() { Name = "Tactic" });
        await Expect(tactic).ToHaveAttributeAsync("aria-checked", "true");
        await tactic.ClickAsync();
        await Expect(tactic).ToHaveAttributeAsync("aria-checked", "false");
        await BrowserFixture.ScreenshotAsync(page, "board-menu-columns");
        await Expect(page.Locator(".board-header")).Not.ToContainTextAsync("Tactic");
        await tactic.ClickAsync();
        await Expect(tactic).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(page.Locator(".board-header")).ToContainTextAsync("Tactic");
        await page.Keyboard.PressAsync("Escape");

        await views.ClickAsync();
        await menu.GetByRole(AriaRole.Menuitem, new() { Name = $"Delete “View {tag}”" }).ClickAsync();
        await views.ClickAsync();
        await Expect(menu.GetByRole(AriaRole.Menuitem, new() { Name = $"View {tag}", Exact = true })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ChangeInAnotherBrowser_AppearsInPlace_WhileSelectionAndScrollStay()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await Documents.PostAsync(fixture.App.Client(), Enumerable.Range(0, 40).Select(i => Documents.Alert(rule: $"two-{tag}-{i:00}", at: now.AddSeconds(-i))).ToArray());
        var (first, firstBoard) = await OpenBoardAsync($"two-{tag}");
        var (second, secondBoard) = await OpenBoardAsync($"two-{tag}");
        await Expect(firstBoard.Row($"two-{tag}-05")).ToBeVisibleAsync();
        await firstBoard.Row($"two-{tag}-05").ClickAsync();
        await firstBoard.List.EvaluateAsync("el => { el.scrollTop = 120; el.dispatchEvent(new Event('scroll')); }");
        var scrollBefore = await firstBoard.List.EvaluateAsync<double>("el => el.scrollTop");

        await secondBoard.Row($"two-{tag}-07").ClickAsync();
        await second.Keyboard.PressAsync("a");

        await Expect(firstBoard.Row($"two-{tag}-07").Locator(".alert-status")).ToHaveTextAsync("acknowledged");
        await Expect(firstBoard.Row($"two-{tag}-05")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(firstBoard.SelectedRows).ToHaveCountAsync(1);
        Assert.Equal(scrollBefore, await firstBoard.List.EvaluateAsync<double>("el => el.scrollTop"));
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task Presence_ShowsWhoElseIsLookingAtAnAlert()
    {
        var rule = Unique("presence");
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: rule));
        var (watcher, watcherBoard) = await OpenBoardAsync(rule);
        var (viewer, viewerBoard) = await OpenBoardAsync(rule);

        await viewerBoard.Row(rule).ClickAsync();
        await viewer.Keyboard.PressAsync("Enter");

        var badge = watcherBoard.Row(rule).Locator(".alert-viewers");
        await Expect(badge).ToHaveAttributeAsync("aria-label", $"Viewing now: {BrowserFixture.AdminEmail}");
        await viewer.Keyboard.PressAsync("Escape");
        await Expect(badge).ToHaveCountAsync(0);
        await watcher.Context.CloseAsync();
        await viewer.Context.CloseAsync();
    }

    [Fact]
    public async Task ScrollingToTheBottom_LoadsOlderAlertsPageByPage()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await Documents.PostAsync(fixture.App.Client(), Enumerable.Range(0, 250).Select(i => Documents.Alert(rule: $"page-{tag}-{i:000}", at: now.AddSeconds(-i))).ToArray());
        var (page, board) = await OpenBoardAsync($"page-{tag}");
        await Expect(page.Locator(".board-count")).ToHaveTextAsync("200 of 250");

        await board.List.EvaluateAsync("el => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); }");

        await Expect(page.Locator(".board-count")).ToHaveTextAsync("250 of 250");
        await board.List.EvaluateAsync("el => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); }");
        await Expect(board.Row($"page-{tag}-249")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KanbanDrag_ChangesTheStatus()
    {
        var rule = Unique("kanban");
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: rule));
        var (page, _) = await OpenBoardAsync(rule);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kanban" }).ClickAsync();
        var card = page.Locator(".kanban-card").Filter(new() { HasText = rule });
        await Expect(card).ToBeVisibleAsync();

        await card.DragToAsync(page.Locator(".kanban-column[aria-label='In progress'] .kanban-zone"));

        await Expect(page.Locator(".kanban-column[aria-label='In progress'] .kanban-card").Filter(new() { HasText = rule })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "board-kanban");
        Assert.Equal("in-progress", (await ReadAsync(rule)).Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DetailDrawer_ShowsFieldsRawDocumentAndHistory_AndPivotsFilter()
    {
        var rule = Unique("drawer");
        var document = Documents.Alert(rule: rule, host: "pivot-host-1");
        document["kibana.alert.reason"] = "evil\u202Egpj.exe <b>bold</b>";
        await Documents.PostAsync(fixture.App.Client(), document);
        var (page, board) = await OpenBoardAsync(rule);
        await board.Row(rule).ClickAsync();
        await page.Keyboard.PressAsync("a");
        await Expect(board.Row(rule).Locator(".alert-status")).ToHaveTextAsync("acknowledged");

        await page.Keyboard.PressAsync("Enter");
        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "Alert details" });
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel.GetByText("pivot-host-1")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "board-drawer");
        await panel.GetByRole(AriaRole.Tab, new() { Name = "Raw" }).ClickAsync();
        await Expect(panel.Locator("pre.detail-raw")).ToContainTextAsync("\\u202E");
        await Expect(panel.Locator("pre.detail-raw")).ToContainTextAsync("<b>bold</b>");
        await panel.GetByRole(AriaRole.Tab, new() { Name = "History (1)" }).ClickAsync();
        await Expect(panel.Locator(".detail-history li")).ToContainTextAsync("open → acknowledged");

        await panel.GetByRole(AriaRole.Tab, new() { Name = "Fields" }).ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Filter by Host" }).ClickAsync();
        await Expect(page.GetByLabel("Search alerts")).ToHaveValueAsync($"({rule}) AND host:\"pivot-host-1\"");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q="));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task GroupedView_CountsByHost()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(rule: $"grp-{tag}", host: $"h1-{tag}"), Documents.Alert(rule: $"grp-{tag}", host: $"h1-{tag}"), Documents.Alert(rule: $"grp-{tag}", host: $"h2-{tag}"));
        var (page, _) = await OpenBoardAsync($"grp-{tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grouped" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Host", Exact = true }).ClickAsync();

        var group = page.Locator(".group-head").Filter(new() { HasText = $"h1-{tag}" });
        await Expect(group.Locator(".group-count")).ToHaveTextAsync("2");
        await group.ClickAsync();
        await Expect(page.Locator(".group-members .alert-row")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "board-grouped");
        await page.Context.CloseAsync();
    }
}
