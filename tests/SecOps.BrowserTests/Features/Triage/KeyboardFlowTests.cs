using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Notes;
using SecOps.Web.Features.Triage;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Triage;

/// <summary>
/// Issue #14's keyboard-only flow, end to end with no mouse: a note, a time range, a pivot out of a value from the drawer,
/// then a whole group acknowledged. The store is read back after each step.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class KeyboardFlowTests(BrowserFixture fixture)
{
    private async Task<IReadOnlyList<AlertView>> ReadAsync(string query, string? from = null)
    {
        var page = await fixture.App.Client().GetFromJsonAsync<AlertReadEndpoints.AlertPage>(
            "/api/v1/alerts?size=1000&query=" + Uri.EscapeDataString(query) + (from is null ? "" : "&from=" + Uri.EscapeDataString(from)), JsonSerializerOptions.Web);
        return page!.Items;
    }

    /// <summary>Presses Tab (or Shift+Tab) until <paramref name="target"/> has the focus, as a person would.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, bool backwards = false, int most = 80)
    {
        for (var i = 0; i < most; i++)
        {
            if (await target.CountAsync() == 1 && await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        await Expect(target).ToBeFocusedAsync();
    }

    [Fact]
    public async Task KeyboardOnly_Note_TimeRange_PivotOut_ThenAcknowledgeAGroup()
    {
        var tag = "kbf" + Guid.NewGuid().ToString("N")[..8];
        var (keep, drop) = ($"keep-{tag}", $"drop-{tag}");
        var now = DateTimeOffset.UtcNow;
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(rule: $"{tag} old", host: keep, at: now.AddHours(-3)),
            Documents.Alert(rule: $"{tag} one", host: keep, at: now.AddMinutes(-4)),
            Documents.Alert(rule: $"{tag} two", host: keep, at: now.AddMinutes(-3)),
            Documents.Alert(rule: $"{tag} three", host: keep, at: now.AddMinutes(-2)),
            Documents.Alert(rule: $"{tag} noisy", host: drop, at: now.AddMinutes(-1)));
        var page = await fixture.SignedInPageAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + tag);
        await board.OpenAsync(navigate: false);
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(5);
        var drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Alert details" });

        // 1. A note on the newest alert: j puts the cursor on it, n opens the drawer at the note box, Ctrl+Enter adds it.
        await page.Keyboard.PressAsync("j");
        await Expect(board.Row($"{tag} noisy")).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("n");
        await Expect(drawer.GetByLabel("Add a note")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Noisy scanner, owner **asked** to stop");
        await page.Keyboard.PressAsync("Control+Enter");
        await Expect(drawer.Locator(".detail-history li").Filter(new() { HasText = "added a note" })).ToContainTextAsync("Noisy scanner, owner asked to stop");
        var noisy = (await ReadAsync($"rule:\"{tag} noisy\"")).Single();
        var note = Assert.Single(await fixture.App.Get<AlertNotes>().ListAsync(Actor.System, noisy.Id, CancellationToken.None));
        Assert.Equal("Noisy scanner, owner **asked** to stop", note.Text);
        Assert.Equal(BrowserFixture.AdminEmail, note.AuthorName);
        Assert.Equal("open", noisy.Status);
        await BrowserFixture.ScreenshotAsync(page, "keyboard-flow-note");

        // 2. The last hour, with the picker: back to it with Shift+Tab, Enter opens it, an arrow and Enter choose.
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Time range: All time" }), backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Last 15 minutes" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("from=now-1h"));
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(4);
        await Expect(board.Row($"{tag} old")).ToHaveCountAsync(0);
        Assert.Equal(4, (await ReadAsync(tag, "now-1h")).Count);

        // 3. Out of the noisy host, from the drawer's fields: Tab to its Filter out button, Enter.
        // The drawer's tabs are one Tab stop (the shown one); arrows move between them, Enter shows one.
        await TabToAsync(page, drawer.GetByRole(AriaRole.Tab, new() { Name = "History (1)" }));
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(drawer.GetByRole(AriaRole.Tab, new() { Name = "Related" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        var fields = drawer.GetByRole(AriaRole.Tab, new() { Name = "Fields" });
        await Expect(fields).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(fields).ToHaveAttributeAsync("aria-selected", "true");
        var filterOut = drawer.GetByRole(AriaRole.Button, new() { Name = "Filter out Host" });
        await TabToAsync(page, filterOut);
        await page.Keyboard.PressAsync("Enter");
        var query = $"({tag}) AND NOT host:\"{drop}\"";
        await Expect(page.GetByLabel("Search alerts")).ToHaveValueAsync(query);
        // The URL carries both, so the view can be shared or reloaded as it is.
        await page.WaitForFunctionAsync("q => { const p = new URL(location.href).searchParams; return p.get('q') === q && p.get('from') === 'now-1h'; }", query);
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(3);
        Assert.Equal(3, (await ReadAsync(query, "now-1h")).Count);

        // 4. Grouped by host, the keep group (three alerts in the window) acknowledged as a whole.
        await TabToAsync(page, page.GetByRole(AriaRole.Group, new() { Name = "Board view" }).GetByRole(AriaRole.Button, new() { Name = "Grouped" }), backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Host", Exact = true }));
        await page.Keyboard.PressAsync("Enter");
        var group = page.Locator(".group").Filter(new() { HasText = keep });
        await Expect(page.Locator(".group")).ToHaveCountAsync(1);
        await TabToAsync(page, group.GetByRole(AriaRole.Button, new() { Name = "Acknowledge 3" }));
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Acknowledge 3 alerts");
        await TabToAsync(page, dialog.GetByRole(AriaRole.Button, new() { Name = "Acknowledge 3" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(group.Locator(".group-open")).ToHaveTextAsync("0 open");
        await BrowserFixture.ScreenshotAsync(page, "keyboard-flow-group-acknowledged");

        // The group's alerts in the window are acknowledged; the one outside it and the filtered-out host are not.
        Assert.All(await ReadAsync($"host:\"{keep}\"", "now-1h"), a => Assert.Equal("acknowledged", a.Status));
        Assert.Equal("open", (await ReadAsync($"rule:\"{tag} old\"")).Single().Status);
        Assert.Equal("open", (await ReadAsync($"rule:\"{tag} noisy\"")).Single().Status);
        await page.Context.CloseAsync();
    }
}
