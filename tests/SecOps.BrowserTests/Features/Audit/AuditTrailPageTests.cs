using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Audit;

/// <summary>The administrator's audit trail page: the newest records listed, the chain verified on a button, the export offered.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AuditTrailPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Administrator_SeesTheTrail_VerifiesTheChain_AndGetsTheCsv()
    {
        // A record whose text would be markup and a formula if it were not encoded and neutralised.
        await fixture.App.Get<AuditTrail>().AppendAsync(new Actor("user-browser", "b", new HashSet<Permission>()), "test.browser",
            "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://evil.example\")", AuditOutcome.Refused, CancellationToken.None);
        var page = await fixture.SignedInPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        await page.GotoAsync("/admin/audit");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail", Level = 1 })).ToBeVisibleAsync();
        var row = page.Locator("tr", new() { HasText = "test.browser" });
        await Expect(row).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await Expect(page.Locator(".audit-page[data-interactive=true]")).ToBeAttachedAsync();
        await page.Locator("[data-audit-verify]").ClickAsync();
        await Expect(page.Locator("[data-audit-result]")).ToHaveAttributeAsync("data-audit-result", "intact");
        await Expect(page.Locator("[data-audit-result]")).ToContainTextAsync("is intact");
        // The verification is audited, and the list shows it at the top.
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("audit.verify");
        await BrowserFixture.ScreenshotAsync(page, "audit-trail");

        // The export link, fetched with the page's own sign-in cookie.
        var href = await page.Locator("[data-audit-export]").GetAttributeAsync("href");
        var response = await page.Context.APIRequest.GetAsync(href!);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("attachment;", response.Headers["content-disposition"], StringComparison.Ordinal);
        var csv = await response.TextAsync();
        Assert.StartsWith("sequence,id,at,actor,action,target,details,outcome,mac", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", csv, StringComparison.Ordinal);
        Assert.Equal(0, dialogs);
        await page.Context.CloseAsync();
    }
}
