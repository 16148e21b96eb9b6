using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Accounts;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SignInTests(BrowserFixture fixture)
{
    [Fact]
    public async Task SignIn_WithTheRightPassword_ReturnsToTheRequestedBoard()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.App.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/triage");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await BrowserFixture.ScreenshotAsync(page, "sign-in");
        await page.GetByLabel("Email").FillAsync(BrowserFixture.AdminEmail);
        await page.GetByLabel("Password").FillAsync(BrowserFixture.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await BrowserFixture.EnterTotpAsync(page, BrowserFixture.AdminTotpSecret);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/triage$"));
        // The board has loaded: either its empty state or its list is shown (exactly one of them once loading ends).
        await Expect(page.Locator(".board-empty, .board-list-wrap:not(.hidden)")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ShowsOneNeutralError()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.App.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await BrowserFixture.SubmitPasswordAsync(page, BrowserFixture.AdminEmail, "not-the-password");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var page = await fixture.SignedInPageAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GotoAsync("/triage");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.Context.CloseAsync();
    }
}
