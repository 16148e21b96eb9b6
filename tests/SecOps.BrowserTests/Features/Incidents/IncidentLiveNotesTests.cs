using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>Two browser contexts (two circuits) on one incident: each sees the other present (and editing while typing), a note added in one appears in the other without a reload.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IncidentLiveNotesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ANoteAddedInOneBrowser_AppearsLiveInAnotherOnTheSameIncident()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserFixture.AdminEmail).Select(u => u.Id).SingleAsync();
        var admin = new Actor(adminId, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        var id = (await fixture.App.Get<IncidentEscalation>().CreateAsync(admin, new NewIncident($"Shared incident {tag}"), [], CancellationToken.None)).IncidentId;
        var writer = await fixture.SignedInPageAsync();
        var watcher = await fixture.SignedInPageAsync();
        await watcher.GotoAsync($"/incidents/{id}");
        await writer.GotoAsync($"/incidents/{id}");
        await Expect(watcher.Locator("h1.incident-title")).ToContainTextAsync(tag);
        await Expect(watcher.Locator("li[data-kind=Note]")).ToHaveCountAsync(0);

        // The prerendered note box accepts typing before the circuit is up, and that text never reaches the server:
        // fill again (bounded) until the circuit has taken it, which the enabled button shows.
        var note = writer.GetByLabel("Add a note");
        var add = writer.GetByRole(AriaRole.Button, new() { Name = "Add note" });
        for (var attempt = 1; ; attempt++)
        {
            await note.FillAsync($"Contained at the gateway {tag} <img src=x onerror=alert(1)>");
            try
            {
                await Expect(add).ToBeEnabledAsync(new() { Timeout = 3000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 20)
            {
                await note.FillAsync("");
            }
        }
        // Presence: the watcher sees the writer on the incident, typing a note (editing), before it is added.
        var present = watcher.GetByTestId("incident-presence");
        await Expect(present).ToContainTextAsync("Also here: " + BrowserFixture.AdminEmail + " (editing)");
        await Expect(present.Locator(".presence-person[data-editing=true]")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(watcher, "incident-presence-editing");
        await add.ClickAsync();

        await Expect(present.Locator(".presence-person[data-editing=false]")).ToHaveCountAsync(1);
        await Expect(writer.Locator("li[data-kind=Note]")).ToHaveCountAsync(1);
        var seen = watcher.Locator("li[data-kind=Note]");
        await Expect(seen).ToHaveCountAsync(1);
        await Expect(seen).ToContainTextAsync($"Contained at the gateway {tag}");
        await Expect(seen.Locator("img")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(watcher, "incident-live-note-watcher");

        // The writer goes to another page: nobody else is on the incident.
        await writer.GotoAsync("/incidents");
        await Expect(present).ToHaveCountAsync(0);
        await writer.Context.CloseAsync();
        await watcher.Context.CloseAsync();
    }
}
