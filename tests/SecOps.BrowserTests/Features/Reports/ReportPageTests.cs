using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Reports;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReportPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Report_RendersCoverChartsAndTables_AndPrintsWithoutChrome()
    {
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(id: "report-1", severity: "critical"), Documents.Alert(id: "report-2", severity: "high"));
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(1400, 1000);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        await page.GotoAsync("/reports?days=7");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Security operations report" })).ToBeVisibleAsync();
        await Expect(page.Locator("#report-volume .main-svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("#report-volume .barlayer .point").First).ToBeAttachedAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Metrics, this period and the previous one" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Framework controls and their evidence" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-summary]")).ToContainTextAsync("alerts in this period");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reports" })).ToHaveAttributeAsync("aria-current", "page");
        await BrowserFixture.ScreenshotAsync(page, "report-light");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".secops-drawer")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print or save as PDF" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "CSV" }).First).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "report-print.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
