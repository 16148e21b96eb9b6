using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OverviewTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Overview_DrawsThePlotlyChartWithoutAnyContentSecurityPolicyViolation()
    {
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(severity: "critical"), Documents.Alert(severity: "low"));
        var page = await fixture.SignedInPageAsync();
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(m.Text); };
        await page.AddInitScriptAsync("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");

        await page.GotoAsync("/");

        await Expect(page.Locator("#alert-volume .main-svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("#alert-volume .barlayer .point").First).ToBeAttachedAsync();
        await Expect(page.GetByText("Critical, not closed")).ToBeVisibleAsync();
        // The metric engine's headline tiles, the same figures as the compliance page's, with the way there.
        await Expect(page.Locator("[data-tile=backlog] .metric-tile-value")).Not.ToHaveTextAsync("0");
        await Expect(page.Locator("[data-tile=mtta]")).ToBeVisibleAsync();
        var backlog = await page.Locator("[data-tile=backlog] .metric-tile-value").TextContentAsync();
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Compliance details" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "overview");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__csp"));
        Assert.Empty(violations);
        await page.GotoAsync("/compliance");
        await Expect(page.Locator("[data-tile=backlog] .metric-tile-value")).ToHaveTextAsync(backlog!);
        await page.Context.CloseAsync();
    }
}
