using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Accounts;

/// <summary>Issue #12: TOTP enrolment with a QR code, sign-in with a computed code, lockout after repeated failures.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MfaTests(BrowserFixture fixture)
{
    private const string Password = "Browser-Mfa-Tests-Pw-77";

    private async Task<IPage> NewPageAsync() =>
        await (await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.App.BaseAddress.ToString(), ViewportSize = new() { Width = 1000, Height = 900 } })).NewPageAsync();

    [Fact]
    public async Task Responder_EnrolsWithTheQrCodesKey_SeesTenRecoveryCodes_ThenReachesTheBoard()
    {
        var email = $"responder-{Guid.NewGuid():N}@example.test";
        await AccountClient.CreateUserAsync(fixture.App, email, Password, Roles.Responder);
        var page = await NewPageAsync();

        await page.GotoAsync("/triage");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/account/mfa/enrol"));
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "QR code for the authenticator app" });
        await Expect(qr).ToBeVisibleAsync();
        await Expect(qr).ToHaveAttributeAsync("src", new Regex("^data:image/png;base64,"));
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"));
        await BrowserFixture.ScreenshotAsync(page, "mfa-enrolment");
        var key = await page.GetByLabel("Authenticator key").InnerTextAsync();
        await page.GetByLabel("Code from the app").FillAsync(BrowserFixture.Totp(key.Replace(" ", "").ToUpperInvariant()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();

        var codes = page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem);
        await Expect(codes).ToHaveCountAsync(10);
        await Expect(codes.First).ToHaveTextAsync(new Regex("^[A-Z0-9]{5}-[A-Z0-9]{5}$"));
        await BrowserFixture.ScreenshotAsync(page, "mfa-recovery-codes");
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them, continue" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/triage$"));
        // The board has loaded: either its empty state or its list is shown (exactly one of them once loading ends).
        await Expect(page.Locator(".board-empty, .board-list-wrap:not(.hidden)")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Administrator_SignsInWithAComputedTotpCode()
    {
        var page = await NewPageAsync();

        await BrowserFixture.SubmitPasswordAsync(page, BrowserFixture.AdminEmail, BrowserFixture.AdminPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/account/login/mfa"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verification code" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "mfa-second-step");
        await BrowserFixture.EnterTotpAsync(page, BrowserFixture.AdminTotpSecret);

        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RepeatedWrongPasswords_LockTheAccount_SoEvenTheRightOneFails()
    {
        var email = $"analyst-{Guid.NewGuid():N}@example.test";
        var user = await AccountClient.CreateUserAsync(fixture.App, email, Password, Roles.Analyst);
        var page = await NewPageAsync();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await BrowserFixture.SubmitPasswordAsync(page, email, "Not-The-Password-" + attempt);
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        }
        await BrowserFixture.SubmitPasswordAsync(page, email, Password);

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByIdAsync(user.Id))!));
        await page.Context.CloseAsync();
    }
}
