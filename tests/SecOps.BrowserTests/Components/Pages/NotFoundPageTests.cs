using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Components.Pages;

/// <summary>Unknown addresses inside the app get its own not-found page, in the layout, with status 404 (issue #14, defect 7).</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NotFoundPageTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("/runbooks")]
    [InlineData("/compliance/no-such-framework/deeper")]
    [InlineData("/reports/no-such-page/deeper")]
    [InlineData("/admin")]
    [InlineData("/anything/at/all?x=1")]
    public async Task UnknownAddress_ShowsTheAppsNotFoundPage_InTheLayout_WithStatus404(string path)
    {
        var page = await fixture.SignedInPageAsync();

        var response = await page.GotoAsync(path);

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync("Not found · SecOps");
        // The layout: the app bar's sign-out and the main navigation, offering only pages that exist (the administrator reads compliance, reports and the audit trail).
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Overview", "Triage", "Incidents", "Playbooks", "Compliance", "Reports", "Users", "Roles", "Teams", "Approvals", "Access reviews", "API keys", "Erasure", "Retention", "Automation", "Outbound", "Audit trail"]);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        if (path == "/runbooks")
        {
            await BrowserFixture.ScreenshotAsync(page, "not-found");
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UnknownAddress_ReachedByALinkInsideTheApp_ShowsTheNotFoundPage()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/");
        // The figures are prerendered, so they do not show the circuit is up; the chart is drawn only through it.
        // Navigating before then races Blazor's start-up and can be lost.
        await Expect(page.Locator("#alert-volume .main-svg").First).ToBeAttachedAsync();

        // Enhanced (in-app) navigation, as a link inside the app takes.
        await page.EvaluateAsync("() => Blazor.navigateTo('/runbooks')");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
