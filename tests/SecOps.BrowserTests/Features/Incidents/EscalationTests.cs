using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>From the board to an incident with the keyboard, and a second viewer seeing the incident change live.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class EscalationTests(BrowserFixture fixture)
{
    [GeneratedRegex(@"/incidents/\d+$")]
    private static partial Regex IncidentAddress();

    [Fact]
    public async Task EscalatingTwoCheckedAlertsWithE_OpensTheIncident_WithBoth_AndASecondViewerSeesAStatusChangeLive()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (first, second) = ($"escalate-{tag}-first", $"escalate-{tag}-second");
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(rule: first, host: $"host-{tag}", at: DateTimeOffset.UtcNow.AddMinutes(-2)), Documents.Alert(rule: second, host: $"host-{tag}", at: DateTimeOffset.UtcNow.AddMinutes(-1)));
        var page = await fixture.SignedInPageAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString($"host:\"host-{tag}\""));
        await board.OpenAsync(navigate: false);

        await board.Row(second).ClickAsync();
        await page.Keyboard.PressAsync("x");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("x");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Escalate 2 selected…" })).ToBeEnabledAsync();
        await page.Keyboard.PressAsync("e");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("2 alerts to escalate");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create incident" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(IncidentAddress());
        var alerts = page.Locator("li[data-kind=Alert]");
        await Expect(alerts).ToHaveCountAsync(2);
        await Expect(alerts.Nth(0)).ToContainTextAsync(first);
        await Expect(alerts.Nth(1)).ToContainTextAsync(second);
        await Expect(page.Locator("h1.incident-title")).ToContainTextAsync("and 1 more");
        await BrowserFixture.ScreenshotAsync(page, "incident-escalated");

        var other = await fixture.SignedInPageAsync();
        await other.GotoAsync(page.Url);
        await Expect(other.Locator("dd[data-field=status]")).ToHaveTextAsync("Open");
        // Interactive before the change is made: the page's circuit is subscribed once the form can be used.
        await Expect(other.Locator("select[aria-label=Status]")).ToBeEnabledAsync();

        await page.Locator("select[aria-label=Status]").SelectOptionAsync("InProgress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(other.Locator("dd[data-field=status]")).ToHaveTextAsync("In progress");
        await Expect(other.Locator("li[data-kind=Change]").Last).ToContainTextAsync("Status: Open → In progress");
        await BrowserFixture.ScreenshotAsync(other, "incident-live-status");

        await other.GotoAsync("/incidents");
        await Expect(other.GetByRole(AriaRole.Table, new() { Name = "Incidents" })).ToContainTextAsync("and 1 more");
        await BrowserFixture.ScreenshotAsync(other, "incident-list");
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }
}
