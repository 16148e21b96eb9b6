using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Admin;

/// <summary>
/// The administrator's users page in a browser: each person's role, team, MFA state, status and open sessions; resetting
/// someone's MFA with the only administrator goes ahead with a visible warning; the waiting-approvals page answers.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UsersPageTests(BrowserFixture fixture)
{
    private const string Password = "Browser-Users-Password-3";

    private async Task<string> ResponderAsync(string tag)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var email = $"rita-{tag}@example.test";
        var rita = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Rita <img src=x onerror=alert(1)> {tag}" };
        Assert.True((await users.CreateAsync(rita, Password)).Succeeded);
        await users.AddToRoleAsync(rita, Roles.Responder);
        await users.ResetAuthenticatorKeyAsync(rita);
        await users.SetTwoFactorEnabledAsync(rita, true);
        var admin = await users.FindByEmailAsync(BrowserFixture.AdminEmail);
        var actor = new Actor(admin!.Id, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        var teams = fixture.App.Get<SecOps.Web.Features.Teams.Teams>();
        var team = await teams.CreateAsync(actor, "CSIRT " + tag, CancellationToken.None);
        await teams.AddMemberAsync(actor, team.TeamId, rita.Id, CancellationToken.None);
        return email;
    }

    [Fact]
    public async Task Administrator_SeesPeopleTheirRolesTeamsMfaAndSessions_AndAnMfaResetWithOneAdministratorIsWarned()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rita = await ResponderAsync(tag);
        var page = await fixture.SignedInPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        await page.GotoAsync("/admin/users");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".admin-page[data-interactive=true]")).ToBeAttachedAsync();
        var own = page.Locator($"tr[data-user-email='{BrowserFixture.AdminEmail}']");
        await Expect(own.Locator("[data-user-role]")).ToHaveValueAsync(Roles.Admin);
        await Expect(own.Locator("[data-user-mfa]")).ToHaveTextAsync("on");
        // This page's own circuit is an open session of the administrator's.
        Assert.True(int.Parse(await own.Locator("[data-user-sessions]").TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Expect(own.Locator("[data-user-disable]")).ToHaveCountAsync(0);
        var row = page.Locator($"tr[data-user-email='{rita}']");
        await Expect(row).ToContainTextAsync($"Rita <img src=x onerror=alert(1)> {tag}");
        await Expect(row).ToContainTextAsync("CSIRT " + tag);
        await Expect(row.Locator("[data-user-role]")).ToHaveValueAsync(Roles.Responder);
        await Expect(row.Locator("[data-user-status]")).ToHaveTextAsync("active");

        await row.Locator("[data-user-reset-mfa]").ClickAsync();

        var result = page.Locator("[data-admin-result]");
        await Expect(result).ToHaveAttributeAsync("data-admin-result", "AppliedWithoutSecondApproval");
        await Expect(result).ToContainTextAsync("fewer than two administrators");
        await Expect(row.Locator("[data-user-mfa]")).ToHaveTextAsync("off");
        await BrowserFixture.ScreenshotAsync(page, "admin-users");

        await page.GotoAsync("/admin/approvals");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approvals waiting", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-approvals-empty]")).ToBeVisibleAsync();
        Assert.Equal(0, dialogs);
        await page.Context.CloseAsync();
    }
}
