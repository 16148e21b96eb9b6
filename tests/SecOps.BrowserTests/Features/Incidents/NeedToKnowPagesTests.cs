using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>
/// The incident list and page with a restricted incident: the administrator sees it (marked Restricted, with its
/// observables as text, and adds one by hand); a responder who is not named on it sees no row of it, and its page reads
/// exactly like the page of an incident that does not exist.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NeedToKnowPagesTests(BrowserFixture fixture)
{
    private const string Password = "Browser-Tests-Password-2";

    private async Task<(string AdminId, string OutsiderEmail, string OutsiderTotpSecret)> PeopleAsync(string tag)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var admin = await users.FindByEmailAsync(BrowserFixture.AdminEmail);
        var email = $"otto-{tag}@example.test";
        var otto = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(otto, Password)).Succeeded);
        await users.AddToRoleAsync(otto, Roles.Responder);
        // Responders sign in with a second step: enrol the outsider's authenticator as the enrolment page would.
        await users.ResetAuthenticatorKeyAsync(otto);
        await users.SetTwoFactorEnabledAsync(otto, true);
        return (admin!.Id, email, (await users.GetAuthenticatorKeyAsync(otto))!);
    }

    [Fact]
    public async Task ARestrictedIncident_IsListedAndShownToTheAdministrator_AndToAnOutsiderIsNoRowAndReadsLikeAMissingIncident()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (adminId, outsider, outsiderTotp) = await PeopleAsync(tag);
        var admin = new Actor(adminId, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        var escalation = fixture.App.Get<IncidentEscalation>();
        await escalation.CreateAsync(admin, new NewIncident($"Open phishing {tag}", Severity: SecOps.Web.Features.Alerts.Severity.Medium), [], CancellationToken.None);
        var restricted = (await escalation.CreateAsync(admin, new NewIncident($"Insider payroll export {tag}", Severity: SecOps.Web.Features.Alerts.Severity.Critical,
            Tlp: Tlp.Red, Restricted: true, Observables:
            [
                new(ObservableType.Email, "payroll-dump@exfil.example", Ioc: true),
                new(ObservableType.Domain, "exfil.example"),
                new(ObservableType.User, "<img src=x onerror=alert(1)>"),
            ]), [], CancellationToken.None)).IncidentId;

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/incidents?q=" + tag);
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Incidents" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync($"Insider payroll export {tag}");
        await Expect(rows.Nth(0).Locator(".restricted-chip")).ToHaveTextAsync("Restricted");
        await Expect(rows.Nth(1).Locator(".restricted-chip")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "incident-list-restricted");

        await rows.Nth(0).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("h1.incident-title")).ToContainTextAsync($"Insider payroll export {tag}");
        await Expect(page.Locator(".incident-title ~ .restricted-chip")).ToBeVisibleAsync();
        var observables = page.GetByRole(AriaRole.Table, new() { Name = "Observables" });
        await Expect(observables.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(observables).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await Expect(observables.Locator("img")).ToHaveCountAsync(0);
        // Interactive before adding: the circuit handles the form.
        await Expect(page.GetByLabel("Observable type")).ToBeEnabledAsync();
        await page.GetByLabel("Observable type").SelectOptionAsync("Ip");
        await page.GetByLabel("Observable value").FillAsync(" 198.51.100.23 ");
        await page.GetByLabel("IOC", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add observable" }).ClickAsync();
        var added = observables.Locator("tbody tr").Filter(new() { HasText = "198.51.100.23" });
        await Expect(added).ToHaveCountAsync(1);
        await Expect(added.Locator(".ioc-chip")).ToHaveTextAsync("IOC");
        await Expect(page.Locator("li[data-kind=Change]").Last).ToContainTextAsync("1 observable added");
        await BrowserFixture.ScreenshotAsync(page, "incident-restricted-observables");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-restricted-full.png"), FullPage = true });

        var other = await (await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 } })).NewPageAsync();
        await BrowserFixture.SignInAsync(other, outsider, Password, outsiderTotp);
        await Expect(other).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await other.GotoAsync("/incidents?q=" + tag);
        var otherRows = other.GetByRole(AriaRole.Table, new() { Name = "Incidents" }).Locator("tbody tr");
        await Expect(otherRows).ToHaveCountAsync(1);
        await Expect(otherRows).ToContainTextAsync($"Open phishing {tag}");
        await BrowserFixture.ScreenshotAsync(other, "incident-list-outsider");

        await other.GotoAsync($"/incidents/{restricted + 100000}");
        var missing = await other.Locator(".incident-page").InnerTextAsync();
        await Expect(other.Locator(".incident-page")).ToContainTextAsync("There is no incident");
        await other.GotoAsync($"/incidents/{restricted}");
        await Expect(other.Locator(".incident-page")).ToContainTextAsync("There is no incident");
        Assert.Equal(missing.Replace((restricted + 100000).ToString(), "ID"), (await other.Locator(".incident-page").InnerTextAsync()).Replace(restricted.ToString(), "ID"));
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }
}
