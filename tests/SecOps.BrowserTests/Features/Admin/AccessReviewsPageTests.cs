using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Admin;

/// <summary>
/// The access review page in a browser: an administrator starts a review, revokes one account (it is disabled), cannot
/// decide on their own, and completes the review once a second administrator has decided on theirs.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccessReviewsPageTests(BrowserFixture fixture)
{
    private async Task<SecOpsUser> PersonAsync(string email, string role)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var person = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        Assert.True((await users.CreateAsync(person, "Browser-Review-Password-5")).Succeeded);
        await users.AddToRoleAsync(person, role);
        return person;
    }

    [Fact]
    public async Task Administrator_StartsAReview_RevokesAnAccount_CannotDecideTheirOwn_AndCompletesIt()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var vera = await PersonAsync($"vera-{tag}@example.test", Roles.Analyst);
        var second = await PersonAsync($"second-admin-{tag}@example.test", Roles.Admin);
        try
        {
            await ReviewAsync(tag, vera, second);
        }
        finally
        {
            // The browser tests share one app: other tests count on a single administrator (approvals bypassed).
            await using var scope = fixture.App.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByIdAsync(second.Id))!)).Succeeded);
        }
    }

    private async Task ReviewAsync(string tag, SecOpsUser vera, SecOpsUser second)
    {
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(1400, 900);

        await page.GotoAsync("/admin/access-reviews");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access reviews", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".admin-page[data-interactive=true]")).ToBeAttachedAsync();
        await page.GetByLabel("Review name").FillAsync($"Review {tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start review" }).ClickAsync();

        var veraRow = page.Locator($"tr[data-review-item='{vera.Email}']");
        await Expect(veraRow).ToContainTextAsync("role analyst, MFA off");
        await Expect(page.Locator($"tr[data-review-item='{BrowserFixture.AdminEmail}'] [data-review-own]")).ToHaveTextAsync("Your own account: another administrator decides");
        await page.GetByLabel($"Note on {vera.Email}").FillAsync("moved to finance");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke {vera.Email}" }).ClickAsync();
        await Expect(veraRow).ToHaveAttributeAsync("data-decision", "revoke");
        await Expect(veraRow).ToContainTextAsync("moved to finance");
        await Expect(page.Locator("[data-review-message]")).ToHaveTextAsync($"{vera.Email}: revoked.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Complete review" })).ToBeDisabledAsync();
        await BrowserFixture.ScreenshotAsync(page, "access-review-open");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>().FindByIdAsync(vera.Id);
            Assert.Equal(9999, stored!.LockoutEnd?.UtcDateTime.Year);  // disabled: a lockout that never ends
        }

        // The second administrator decides on everything left, the first administrator's account included (the first on the second's).
        var secondAdmin = new Actor(second.Id, second.Email!, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        Actor firstAdmin;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var admin = await scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>().FindByEmailAsync(BrowserFixture.AdminEmail);
            firstAdmin = new Actor(admin!.Id, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        }
        var reviews = fixture.App.Get<AccessReviews>();
        var open = (await reviews.ListAsync(secondAdmin, CancellationToken.None)).Single(r => r.Open);
        foreach (var item in (await reviews.ItemsAsync(secondAdmin, open.Id, CancellationToken.None)).Where(i => i.Decision == AccessDecision.Pending))
        {
            Assert.Null(await reviews.DecideAsync(item.Own ? firstAdmin : secondAdmin, open.Id, item.Id, AccessDecision.Keep, null, CancellationToken.None));
        }
        await page.GetByRole(AriaRole.Button, new() { Name = $"Review {tag}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete review" }).ClickAsync();

        await Expect(page.Locator("[data-review-message]")).ToHaveTextAsync("Review completed: it is now evidence on the compliance pages.");
        await Expect(page.Locator($"tr[data-review-id='{open.Id}'] [data-review-open]")).ToHaveCountAsync(0);
        await Expect(page.Locator($"tr[data-review-id='{open.Id}']")).ToContainTextAsync(BrowserFixture.AdminEmail);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start review" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "access-review-completed");
        await page.Context.CloseAsync();
    }
}
