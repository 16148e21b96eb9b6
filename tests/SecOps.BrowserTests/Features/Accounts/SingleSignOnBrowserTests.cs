using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Accounts;

/// <summary>
/// Issue #12, single sign-on in a real browser: the provider (OpenIddict on loopback, reached as <c>localhost</c>) is
/// another site than the app (127.0.0.1) and the person continues on its page, so the way back is a navigation another
/// site started, as in production; the app's SameSite=Strict session cookie must still reach the page they asked for
/// (a plain redirect from the callback would land on the sign-in page).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SingleSignOnBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task SignInWithTheProvider_FromTheSignInPage_LandsOnTheAskedPage_SignedIn()
    {
        await using var provider = await OidcProvider.StartAsync();
        using var app = new SecOpsApp(provider.Settings(host: "localhost"));
        await AccountClient.CreateUserAsync(app, "sso.browser@example.test", "Browser-Sso-Tests-Pw-42", Roles.Manager);
        provider.Next = new ProviderPerson("idp-browser", "sso.browser@example.test");
        provider.AsksToContinue = true;
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1000, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/compliance");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test IdP" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("^http://localhost:[0-9]+/connect/authorize"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        // Compliance is for managers and administrators: reaching it shows the session and its role.
        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.BaseAddress.ToString().TrimEnd('/')) + "/compliance$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compliance", Level = 1 })).ToBeVisibleAsync();
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "secops.auth" && c.SameSite == SameSiteAttribute.Strict);
        await BrowserFixture.ScreenshotAsync(page, "sso-signed-in");
        await context.CloseAsync();
    }
}
