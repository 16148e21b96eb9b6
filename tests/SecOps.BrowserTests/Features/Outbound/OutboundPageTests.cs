using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Features.Outbound;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Outbound;

/// <summary>
/// The outbound allowlist page in a browser: a host name that is not one is refused with the reason; with the only
/// administrator an addition applies at once with the warning, is listed as stored and is in force for the outbound
/// checks; removing it takes it off the page and out of force.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OutboundPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Administrator_AddsAHostWithTheWarning_SeesItInForce_AndRemovesIt()
    {
        var host = $"hooks-{Guid.NewGuid().ToString("N")[..6]}.example.net";
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync("/admin/outbound");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Outbound allowlist", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".admin-page[data-interactive=true]")).ToBeAttachedAsync();
        var input = page.GetByRole(AriaRole.Textbox, new() { Name = "Host to allowlist" });
        var result = page.Locator("[data-admin-result]");
        await input.FillAsync("10.0.0.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask to add" }).ClickAsync();
        await Expect(result).ToHaveAttributeAsync("data-admin-result", "Failed");
        await Expect(result).ToContainTextAsync("not an IP address");

        await input.FillAsync(host.ToUpperInvariant() + ":8443");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask to add" }).ClickAsync();

        await Expect(result).ToHaveAttributeAsync("data-admin-result", "AppliedWithoutSecondApproval");
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Allowlisted hosts" }).Locator($"[data-outbound-host='{host}:8443']");
        await Expect(row).ToHaveAttributeAsync("data-outbound-source", "store");
        await Expect(row).ToContainTextAsync("by Administrator");
        await Expect(input).ToHaveValueAsync("");
        var allowlist = fixture.App.Get<OutboundAllowlist>();
        Assert.Null(await allowlist.RefusalAsync(new Uri($"https://{host}:8443/hook"), CancellationToken.None));
        await BrowserFixture.ScreenshotAsync(page, "admin-outbound");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Remove {host}:8443" }).ClickAsync();

        await Expect(result).ToContainTextAsync($"{host}:8443 removed from the outbound allowlist.");
        await Expect(row).ToHaveCountAsync(0);
        Assert.NotNull(await allowlist.RefusalAsync(new Uri($"https://{host}:8443/hook"), CancellationToken.None));
        await page.Context.CloseAsync();
    }
}
