using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Triage;

/// <summary>Actions apply to what the analyst is looking at, and the buttons say which (issue #14, defect 1).</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ActionTargetTests(BrowserFixture fixture)
{
    private async Task<AlertView> ReadAsync(string rule)
    {
        var page = await fixture.App.Client().GetFromJsonAsync<AlertReadEndpoints.AlertPage>(
            "/api/v1/alerts?query=" + Uri.EscapeDataString($"rule:\"{rule}\""), JsonSerializerOptions.Web);
        return Assert.Single(page!.Items);
    }

    [Fact]
    public async Task Acknowledge_WithTheDrawerOnARelatedAlert_ChangesThatAlertOnly()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (shown, related) = ($"target-{tag}-shown", $"target-{tag}-related");
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(rule: shown, host: $"host-{tag}"), Documents.Alert(rule: related, host: $"host-{tag}", at: DateTimeOffset.UtcNow.AddMinutes(-1)));
        var page = await fixture.SignedInPageAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString($"rule:\"{shown}\""));
        await board.OpenAsync(navigate: false);

        await board.Row(shown).ClickAsync();
        var acknowledge = page.GetByRole(AriaRole.Toolbar, new() { Name = "Triage actions" }).GetByRole(AriaRole.Button, new() { Name = "Acknowledge this alert" });
        await Expect(page.Locator(".triage-target")).ToHaveTextAsync($"Row: {shown}");
        await page.Keyboard.PressAsync("Enter");
        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "Alert details" });
        await panel.GetByRole(AriaRole.Tab, new() { Name = "Related (1)" }).ClickAsync();
        await panel.GetByRole(AriaRole.Button).Filter(new() { HasText = related }).ClickAsync();
        await Expect(panel.Locator(".detail-title")).ToHaveTextAsync(related);

        // The bar names the drawer's alert, not the row under the cursor.
        await Expect(page.Locator(".triage-target")).ToHaveTextAsync($"In the drawer: {related}");
        await BrowserFixture.ScreenshotAsync(page, "board-action-target-drawer");
        await acknowledge.ClickAsync();

        await Expect(panel.GetByRole(AriaRole.Tab, new() { Name = "History (1)" })).ToBeVisibleAsync();
        Assert.Equal("acknowledged", (await ReadAsync(related)).Status);
        Assert.Equal("open", (await ReadAsync(shown)).Status);
        await Expect(board.Row(shown).Locator(".alert-status")).ToHaveTextAsync("open");

        // Back in the list, the cursor row is the target again; checked rows win over it and are counted.
        await board.Row(shown).ClickAsync();
        await Expect(page.Locator(".triage-target")).ToHaveTextAsync($"Row: {shown}");
        await page.Keyboard.PressAsync("x");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge 1 selected" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
