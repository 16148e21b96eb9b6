using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>
/// Two responders in two browser contexts edit one incident: A has an unsaved choice in the edit form when B's saved
/// change arrives live. A's choice stays, A is told what B changed, A's save is refused as stale and B's change stands.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IncidentStaleEditTests(BrowserFixture fixture)
{
    private const string Password = "Browser-Tests-Password-3";

    private async Task<(string Email, string TotpSecret)> ResponderAsync(string name)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var email = $"{name}@example.test";
        var user = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Responder);
        // Responders sign in with a second step: enrol the authenticator as the enrolment page would.
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (email, (await users.GetAuthenticatorKeyAsync(user))!);
    }

    private async Task<IPage> SignedInAsync((string Email, string TotpSecret) responder)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, responder.Email, Password, responder.TotpSecret);
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        return page;
    }

    /// <summary>
    /// Chooses an option in the edit form once the circuit has it: a choice made on the prerendered form never reaches
    /// the server, so choose again (bounded) until the enabled Save button shows the server took it.
    /// </summary>
    private static async Task ChooseAsync(IPage page, string field, string value)
    {
        var save = page.GetByRole(AriaRole.Form, new() { Name = "Edit incident" }).GetByRole(AriaRole.Button, new() { Name = "Save" });
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByLabel(field, new() { Exact = true }).SelectOptionAsync(value);
            try
            {
                await Expect(save).ToBeEnabledAsync(new() { Timeout = 3000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 20)
            {
            }
        }
    }

    private async Task<Incident> StoredAsync(long id)
    {
        await using var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    [Fact]
    public async Task AnUnsavedChoice_SurvivesAColleaguesLiveChange_ItsSaveIsRefusedNamingWhatChanged_AndTheColleaguesChangeStands()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ada = await ResponderAsync($"ada-{tag}");
        var ben = await ResponderAsync($"ben-{tag}");
        var id = (await fixture.App.Get<IncidentEscalation>().CreateAsync(await AdminAsync(),
            new NewIncident($"Contested incident {tag}", Severity: SecOps.Web.Features.Alerts.Severity.High), [], CancellationToken.None)).IncidentId;
        var startVersion = (await StoredAsync(id)).Version;

        var a = await SignedInAsync(ada);
        var b = await SignedInAsync(ben);
        await a.GotoAsync($"/incidents/{id}");
        await b.GotoAsync($"/incidents/{id}");
        await Expect(a.Locator("h1.incident-title")).ToContainTextAsync(tag);
        await Expect(b.Locator("h1.incident-title")).ToContainTextAsync(tag);

        // A starts editing: critical, not saved yet.
        await ChooseAsync(a, "Severity", nameof(SecOps.Web.Features.Alerts.Severity.Critical));

        // B moves the incident to containment and saves.
        await ChooseAsync(b, "Phase", nameof(IncidentPhase.Containment));
        await b.GetByRole(AriaRole.Form, new() { Name = "Edit incident" }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(b.Locator("dd[data-field=phase]")).ToHaveTextAsync("Containment");

        // B's change reaches A live: the facts show it, A's unsaved choice is still in the form, and A is told what changed.
        await Expect(a.Locator("dd[data-field=phase]")).ToHaveTextAsync("Containment");
        await Expect(a.GetByLabel("Severity", new() { Exact = true })).ToHaveValueAsync(nameof(SecOps.Web.Features.Alerts.Severity.Critical));
        await Expect(a.GetByLabel("Phase", new() { Exact = true })).ToHaveValueAsync(nameof(IncidentPhase.DetectionAndAnalysis));
        var editorNotice = a.Locator(".incident-editor-stale");
        await Expect(editorNotice).ToContainTextAsync("Phase: Detection and analysis → Containment");

        // A saves anyway: refused as stale, with the page's conflict message; nothing of B's is overwritten.
        await a.GetByRole(AriaRole.Form, new() { Name = "Edit incident" }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Alert).Filter(new() { HasText = "nothing was saved" }))
            .ToContainTextAsync("Someone changed this incident since you opened it; nothing was saved.");
        await Expect(editorNotice).ToContainTextAsync("Phase: Detection and analysis → Containment");
        await Expect(a.GetByLabel("Severity", new() { Exact = true })).ToHaveValueAsync(nameof(SecOps.Web.Features.Alerts.Severity.Critical));
        await a.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/stale-edit.png", FullPage = false });
        await BrowserFixture.ScreenshotAsync(a, "incident-stale-edit");

        var stored = await StoredAsync(id);
        Assert.Equal((IncidentPhase.Containment, SecOps.Web.Features.Alerts.Severity.High, startVersion + 1), (stored.Phase, stored.Severity, stored.Version));
        await Expect(b.Locator("dd[data-field=phase]")).ToHaveTextAsync("Containment");
        await Expect(a.Locator("dd[data-field=phase]")).ToHaveTextAsync("Containment");

        // A loads the latest (the form takes B's change), makes the choice again and saves: both changes now stand.
        await a.GetByRole(AriaRole.Button, new() { Name = "Load the latest" }).ClickAsync();
        await Expect(editorNotice).ToHaveCountAsync(0);
        await Expect(a.GetByRole(AriaRole.Alert).Filter(new() { HasText = "nothing was saved" })).ToHaveCountAsync(0);
        await Expect(a.GetByLabel("Phase", new() { Exact = true })).ToHaveValueAsync(nameof(IncidentPhase.Containment));
        await ChooseAsync(a, "Severity", nameof(SecOps.Web.Features.Alerts.Severity.Critical));
        await a.GetByRole(AriaRole.Form, new() { Name = "Edit incident" }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(b.Locator("dd[data-field=phase]")).ToHaveTextAsync("Containment");
        await Expect(b.GetByLabel("Severity", new() { Exact = true })).ToHaveValueAsync(nameof(SecOps.Web.Features.Alerts.Severity.Critical));
        stored = await StoredAsync(id);
        Assert.Equal((IncidentPhase.Containment, SecOps.Web.Features.Alerts.Severity.Critical, startVersion + 2), (stored.Phase, stored.Severity, stored.Version));
        await a.Context.CloseAsync();
        await b.Context.CloseAsync();
    }

    private async Task<Actor> AdminAsync()
    {
        await using var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserFixture.AdminEmail).Select(u => u.Id).SingleAsync();
        return new Actor(adminId, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
    }
}
