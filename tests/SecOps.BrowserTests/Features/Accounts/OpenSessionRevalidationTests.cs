using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Accounts;

/// <summary>
/// Issue #12: an open page follows the account without the person doing anything. Its own app revalidates every two
/// seconds (<c>SecOps:Accounts:RevalidationInterval</c>; one minute by default), so the waits below are bounded by a
/// few intervals, never by the default.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OpenSessionRevalidationTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const string Password = "Revalidation-Tests-Pw-64";
    private static readonly Regex SignIn = new("/account/login");
    private SecOpsApp _app = default!;

    public Task InitializeAsync()
    {
        var settings = BrowserFixture.AdminSettings();
        settings["SecOps:Accounts:RevalidationInterval"] = "00:00:02";
        _app = new SecOpsApp(settings);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(SecOpsUser User, IPage Page)> AnalystOnTheBoardAsync()
    {
        var email = $"analyst-{Guid.NewGuid():N}@example.test";
        var user = await AccountClient.CreateUserAsync(_app, email, Password, Roles.Analyst);
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = _app.BaseAddress.ToString(), ViewportSize = new() { Width = 1200, Height = 800 } });
        var page = await context.NewPageAsync();
        await BrowserFixture.SubmitPasswordAsync(page, email, Password);
        await Expect(page).Not.ToHaveURLAsync(SignIn);
        await page.GotoAsync("/triage");
        await Expect(page.Locator(".board-empty, .board-list-wrap:not(.hidden)")).ToBeVisibleAsync();
        return (user, page);
    }

    private async Task<Actor> AdministratorAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>().FindByEmailAsync(BrowserFixture.AdminEmail);
        return new Actor(admin!.Id, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
    }

    [Fact]
    public async Task DisabledByAnAdministrator_TheOpenBoardIsSentToSignIn_AndCannotComeBack()
    {
        var (user, page) = await AnalystOnTheBoardAsync();

        Assert.Equal(AdminOutcome.Applied, (await _app.Get<AdminUsers>().SetDisabledAsync(await AdministratorAsync(), user.Id, disabled: true, CancellationToken.None)).Outcome);

        // No click, no navigation by the test: the circuit's revalidation signs the page out and the router leaves it.
        await Expect(page).ToHaveURLAsync(SignIn, new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "revalidation-disabled-signed-out");
        // The cookie is refused too: going back to the board lands on sign-in again, and signing in is refused.
        await page.GotoAsync("/triage");
        await Expect(page).ToHaveURLAsync(SignIn);
        await BrowserFixture.SubmitPasswordAsync(page, user.Email!, Password);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ChangedRole_TheOpenBoardIsSignedOut_AndTheNextVisitCarriesTheNewRole()
    {
        var (user, page) = await AnalystOnTheBoardAsync();
        await page.GotoAsync("/compliance");
        await Expect(page).ToHaveURLAsync(new Regex("/account/denied"));
        await page.GotoAsync("/triage");
        await Expect(page.Locator(".board-empty, .board-list-wrap:not(.hidden)")).ToBeVisibleAsync();

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
            var account = (await users.FindByIdAsync(user.Id))!;
            Assert.True((await users.RemoveFromRoleAsync(account, Roles.Analyst)).Succeeded);
            Assert.True((await users.AddToRoleAsync(account, Roles.Manager)).Succeeded);
        }

        await Expect(page).ToHaveURLAsync(SignIn, new() { Timeout = 30_000 });
        // Back in (the cookie re-read with the new role, or a new sign-in where the change ended it), compliance opens.
        await page.GotoAsync("/compliance");
        if (SignIn.IsMatch(page.Url))
        {
            await BrowserFixture.SubmitPasswordAsync(page, user.Email!, Password);
            await page.GotoAsync("/compliance");
        }
        await Expect(page).ToHaveURLAsync(new Regex("/compliance$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compliance" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
