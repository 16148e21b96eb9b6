using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Teams;

/// <summary>
/// The administrator's teams page in a browser, by keyboard where a person would type: create a team with Enter (a
/// duplicate name is refused), add members by name or email, remove one, rename the team, see a team with an incident
/// refuse deletion with the count, and delete an empty team after confirming.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TeamsPageTests(BrowserFixture fixture)
{
    private async Task<string> PersonAsync(string email, string displayName)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var person = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        Assert.True((await users.CreateAsync(person, "Browser-Teams-Password-5")).Succeeded);
        await users.AddToRoleAsync(person, Roles.Responder);
        return person.Id;
    }

    private async Task<Actor> AdminAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>().FindByEmailAsync(BrowserFixture.AdminEmail);
        return new Actor(admin!.Id, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
    }

    [Fact]
    public async Task Administrator_CreatesATeam_AddsAndRemovesMembers_Renames_AndDeletesOnlyATeamWithoutIncidents()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var rita = $"rita-{tag}@example.test";
        await PersonAsync(rita, $"Rita <b>Responder</b> {tag}");
        await PersonAsync($"otto-{tag}@example.test", $"Otto Oncall {tag}");
        var admin = await AdminAsync();
        var teams = fixture.App.Get<SecOps.Web.Features.Teams.Teams>();
        var fraud = await teams.CreateAsync(admin, $"Fraud {tag}", CancellationToken.None);
        await fixture.App.Get<IncidentEscalation>().CreateAsync(admin, new NewIncident($"Gift card abuse {tag}", TeamId: fraud.TeamId), [], CancellationToken.None);
        await teams.CreateAsync(admin, $"HR investigations {tag}", CancellationToken.None);
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync("/admin/teams");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Teams", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".admin-page[data-interactive=true]")).ToBeAttachedAsync();
        await Expect(page.Locator("nav[aria-label=Main] a[aria-current=page]")).ToHaveTextAsync("Teams");

        // Create by typing and Enter; the same name in other letters is refused.
        var name = page.GetByLabel("New team name");
        await name.FillAsync($"CSIRT {tag}");
        await name.PressAsync("Enter");
        var csirt = page.Locator($"tr[data-team-name='CSIRT {tag}']");
        await Expect(csirt).ToBeVisibleAsync();
        await Expect(csirt.Locator("[data-team-no-members]")).ToHaveTextAsync("No members");
        await Expect(name).ToHaveValueAsync("");
        await name.FillAsync($"csirt {tag}");
        await name.PressAsync("Enter");
        var result = page.Locator("[data-admin-result]");
        await Expect(result).ToHaveAttributeAsync("data-admin-result", "Failed");
        await Expect(result).ToHaveTextAsync("A team with that name exists.");
        await Expect(name).ToHaveValueAsync($"csirt {tag}");
        await name.FillAsync("");

        // Members: by email, then by the suggestion's text; both listed, markup in a name stays text.
        var add = page.GetByLabel($"Person to add to CSIRT {tag}");
        await add.FillAsync(rita);
        await add.PressAsync("Enter");
        var members = csirt.Locator("[data-team-members] [data-team-member] > span");
        await Expect(members).ToHaveTextAsync([$"Rita <b>Responder</b> {tag}"]);
        await add.FillAsync($"Otto Oncall {tag} (otto-{tag}@example.test)");
        await add.PressAsync("Enter");
        await Expect(members).ToHaveTextAsync([$"Otto Oncall {tag}", $"Rita <b>Responder</b> {tag}"]);
        await Expect(csirt.Locator("b")).ToHaveCountAsync(0);
        await Expect(result).ToHaveTextAsync($"Otto Oncall {tag} added to CSIRT {tag}.");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove Otto Oncall {tag} from CSIRT {tag}" }).ClickAsync();
        await Expect(members).ToHaveTextAsync([$"Rita <b>Responder</b> {tag}"]);

        // Rename: the field takes focus with the current name; Escape leaves it, Enter saves.
        await csirt.Locator("[data-team-rename]").ClickAsync();
        var rename = page.GetByLabel($"New name for CSIRT {tag}");
        await Expect(rename).ToBeFocusedAsync();
        await Expect(rename).ToHaveValueAsync($"CSIRT {tag}");
        await rename.PressAsync("Escape");
        await Expect(rename).ToHaveCountAsync(0);
        await csirt.Locator("[data-team-rename]").ClickAsync();
        await Expect(rename).ToBeFocusedAsync();
        await rename.FillAsync($"CSIRT Berlin {tag}");
        await rename.PressAsync("Enter");
        var berlin = page.Locator($"tr[data-team-name='CSIRT Berlin {tag}']");
        await Expect(berlin.Locator("[data-team-members] [data-team-member] > span")).ToHaveTextAsync([$"Rita <b>Responder</b> {tag}"]);
        await Expect(csirt).ToHaveCountAsync(0);

        // A team an incident belongs to is not deleted; the page says how many.
        var fraudRow = page.Locator($"tr[data-team-name='Fraud {tag}']");
        await Expect(fraudRow.Locator("[data-team-incidents]")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "admin-teams");
        await fraudRow.Locator("[data-team-delete]").ClickAsync();
        await Expect(result).ToHaveTextAsync($"1 incident belongs to Fraud {tag}: move it to another team (or to no team) before deleting the team.");
        await Expect(fraudRow).ToBeVisibleAsync();

        // An empty team goes after confirming; "Keep" first leaves it.
        var hr = page.Locator($"tr[data-team-name='HR investigations {tag}']");
        await hr.Locator("[data-team-delete]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = $"Confirm deleting HR investigations {tag}" })).ToBeVisibleAsync();
        await hr.GetByRole(AriaRole.Button, new() { Name = "Keep" }).ClickAsync();
        await Expect(hr.Locator("[data-team-delete-confirm]")).ToHaveCountAsync(0);
        await hr.Locator("[data-team-delete]").ClickAsync();
        await hr.Locator("[data-team-delete-confirm]").ClickAsync();
        await Expect(hr).ToHaveCountAsync(0);
        await Expect(result).ToHaveTextAsync($"Team HR investigations {tag} deleted.");

        var stored = (await teams.ListAsync(admin, CancellationToken.None)).Where(t => t.Name.EndsWith(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal([$"CSIRT Berlin {tag}", $"Fraud {tag}"], stored.Select(t => t.Name));
        Assert.Equal([rita], stored[0].Members.Select(m => m.Name));
        await page.Context.CloseAsync();
    }
}
