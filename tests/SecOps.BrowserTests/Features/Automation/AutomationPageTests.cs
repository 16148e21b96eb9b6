using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Automation;

/// <summary>
/// The automation page in a browser: an administrator writes a rule in the form, sees it listed with its rate limit,
/// an alert it matches is assigned by it and the firing appears on the open page, and deleting the rule removes it.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AutomationPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Administrator_CreatesARule_SeesItFireOnAMatchingAlert_AndDeletesIt()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var name = "browser-assign-" + tag;
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync("/admin/automation");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Automation", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".admin-page[data-interactive=true]")).ToBeAttachedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New rule" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New automation rule" });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await form.GetByRole(AriaRole.Checkbox, new() { Name = "high" }).CheckAsync();
        await form.GetByLabel("Alert rule names").FillAsync($"Browser automation {tag}*");
        await form.GetByLabel("Assign to").FillAsync(BrowserFixture.AdminEmail);
        await form.GetByLabel("firings per").FillAsync("15");
        await BrowserFixture.ScreenshotAsync(page, "admin-automation-form");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();

        await Expect(page.Locator("[data-admin-result]")).ToHaveAttributeAsync("data-admin-result", "Applied");
        var row = page.Locator($"[data-automation-rule='{name}']");
        await Expect(row.Locator("[data-automation-conditions]")).ToHaveTextAsync($"on alerts; severity high; rule Browser automation {tag}*");
        await Expect(row.Locator("[data-automation-actions]")).ToHaveTextAsync("assign to " + BrowserFixture.AdminEmail);
        await Expect(row.Locator("[data-automation-limit]")).ToHaveTextAsync("at most 20 per 15 minutes");

        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: $"Browser automation {tag} lateral movement", severity: "high"));

        // No reload: the open page re-reads the firings every few seconds, whichever instance recorded them.
        var firing = page.Locator($"[data-automation-firing='{name}']");
        await Expect(firing).ToContainTextAsync("assigned to " + BrowserFixture.AdminEmail, new() { Timeout = 30_000 });
        await Expect(firing.Locator("[data-automation-firing-result]")).ToHaveTextAsync("done");
        await BrowserFixture.ScreenshotAsync(page, "admin-automation");

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await row.Locator("[data-automation-delete-confirm]").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
