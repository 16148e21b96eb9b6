using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Admin;

/// <summary>
/// The administrator's roles page in a browser: each role's permissions as the permission table gives them and its
/// holders; granting a role moves the person to it, revoking takes it away, both through the users page's rules.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RolesPageTests(BrowserFixture fixture)
{
    private const string Password = "Browser-Roles-Password-5";

    private async Task<string> AnalystAsync(string tag)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var email = $"rolf-{tag}@example.test";
        var rolf = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Rolf <b onmouseover=alert(1)>{tag}</b>" };
        Assert.True((await users.CreateAsync(rolf, Password)).Succeeded);
        await users.AddToRoleAsync(rolf, Roles.Analyst);
        return email;
    }

    [Fact]
    public async Task Administrator_SeesEachRolesPermissionsAndHolders_GrantsARole_AndRevokesIt()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rolf = await AnalystAsync(tag);
        var page = await fixture.SignedInPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        await page.GotoAsync("/admin/roles");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Roles", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".admin-page[data-interactive=true]")).ToBeAttachedAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Roles" })).ToHaveAttributeAsync("aria-current", "page");
        foreach (var role in Roles.All)
        {
            await Expect(page.Locator($"section[data-role={role}] [data-permission]"))
                .ToHaveTextAsync([.. PermissionTable.ForRole(role).Order().Select(AdminRoles.Describe)]);
        }
        var analyst = page.Locator("section[data-role=analyst]");
        var responder = page.Locator("section[data-role=responder]");
        await Expect(analyst.Locator($"tr[data-holder-email='{rolf}']")).ToContainTextAsync($"Rolf <b onmouseover=alert(1)>{tag}</b>");
        await Expect(page.Locator($"section[data-role=admin] tr[data-holder-email='{BrowserFixture.AdminEmail}']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "admin-roles-light");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" }).ClickAsync();
        await Expect(page.Locator("html.secops-dark")).ToBeAttachedAsync();
        await BrowserFixture.ScreenshotAsync(page, "admin-roles-dark");

        await responder.GetByRole(AriaRole.Combobox, new() { Name = "Person to grant responder" }).SelectOptionAsync(new SelectOptionValue { Label = $"Rolf <b onmouseover=alert(1)>{tag}</b> ({rolf})" });
        await responder.Locator("[data-role-grant]").ClickAsync();

        await Expect(page.Locator("[data-admin-result]")).ToHaveAttributeAsync("data-admin-result", "Applied");
        await Expect(responder.Locator($"tr[data-holder-email='{rolf}']")).ToBeVisibleAsync();
        await Expect(analyst.Locator($"tr[data-holder-email='{rolf}']")).ToHaveCountAsync(0);

        await responder.Locator($"tr[data-holder-email='{rolf}'] [data-role-revoke]").ClickAsync();

        await Expect(page.Locator("[data-admin-result]")).ToContainTextAsync("Role responder revoked");
        await Expect(page.Locator($"tr[data-holder-email='{rolf}']")).ToHaveCountAsync(0);
        Assert.Equal(0, dialogs);
        await page.Context.CloseAsync();
    }
}
