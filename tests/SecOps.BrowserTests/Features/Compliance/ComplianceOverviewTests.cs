using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Compliance;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ComplianceOverviewTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Overview_RendersTilesChartsAndHeatmapWithData_AndALiveTileFollowsAnAcknowledgement()
    {
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(id: "compliance-1", severity: "critical"), Documents.Alert(id: "compliance-2", severity: "high"), Documents.Alert(id: "compliance-3", severity: "low"));
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(1400, 1000);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        await page.GotoAsync("/compliance");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compliance", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#compliance-volume .main-svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("#compliance-volume .barlayer .point").First).ToBeAttachedAsync();
        await Expect(page.Locator("#compliance-trend .main-svg").First).ToBeAttachedAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Alerts by MITRE tactic and day" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Compliance" })).ToHaveAttributeAsync("aria-current", "page");
        var mttaCount = page.Locator("[data-tile=mtta] .metric-tile-detail");
        var before = await mttaCount.TextContentAsync();

        // Acknowledged elsewhere (another analyst's triage): the tile follows without a reload.
        using (var db = TestStore.Open(fixture.App.DataDirectory))
        {
            var id = db.Alerts.Single(a => a.DocumentId == "compliance-1").Id;
            var outcome = await fixture.App.Get<AlertTriage>().AcknowledgeAsync(Actor.System, id, CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Error);
        }
        await Expect(mttaCount).Not.ToHaveTextAsync(before!);
        await Expect(page.Locator("[data-tile=mtta] .metric-tile-value")).Not.ToHaveTextAsync("–");
        await BrowserFixture.ScreenshotAsync(page, "compliance-light");

        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" }).ClickAsync();
        await Expect(page.Locator("html.secops-dark")).ToBeAttachedAsync();
        await BrowserFixture.ScreenshotAsync(page, "compliance-dark");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".secops-drawer")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "compliance-print.png"), FullPage = true });
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GotoAsync("/compliance/soc-2");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SOC 2 (CC7.3 to CC7.5)", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-control='CC7.3']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "compliance-framework");

        // Access evidence reads the accounts as they stand: the signed-in administrator is one of them.
        await page.GotoAsync("/compliance/vulnerability-access");
        var accounts = page.Locator("[data-control='MFA'] .evidence-count");
        await Expect(accounts).ToHaveCountAsync(3);
        var withAndWithout = (await accounts.AllTextContentsAsync()).Take(2).Select(int.Parse).Sum();
        Assert.True(withAndWithout >= 1, $"accounts with and without MFA: {withAndWithout}");
        await BrowserFixture.ScreenshotAsync(page, "compliance-vulnerability-access");
        await page.Context.CloseAsync();
    }
}
