using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Reviews;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>
/// What open pages do when an incident goes: its page says it was deleted and offers no more editing, the list drops its
/// row, both without a reload; a page opened on it afterwards says it was deleted too. And the list's marker for review
/// follow-ups past their due date.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IncidentRemovalPagesTests(BrowserFixture fixture)
{
    private async Task<Actor> AdminAsync()
    {
        await using var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserFixture.AdminEmail).Select(u => u.Id).SingleAsync();
        return new Actor(adminId, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
    }

    [Fact]
    public async Task ADeletedIncident_ShowsAsDeletedOnItsOpenPage_WithoutEditing_AndLeavesTheOpenList()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var admin = await AdminAsync();
        var id = (await fixture.App.Get<IncidentEscalation>().CreateAsync(admin, new NewIncident($"Doomed incident {tag}"), [], CancellationToken.None)).IncidentId;
        var incidentPage = await fixture.SignedInPageAsync();
        var listPage = await fixture.SignedInPageAsync();
        await incidentPage.GotoAsync($"/incidents/{id}");
        await listPage.GotoAsync($"/incidents?q={tag}");
        await Expect(incidentPage.Locator("h1.incident-title")).ToContainTextAsync(tag);
        await Expect(incidentPage.GetByLabel("Add a note")).ToHaveCountAsync(1);
        var row = listPage.Locator("table.incident-table tbody tr", new() { HasText = tag });
        await Expect(row).ToHaveCountAsync(1);
        // Both circuits are up (and following the feed): the review form is ready, the list's table interactive.
        await Expect(incidentPage.Locator("form.review-form[data-ready=true]")).ToHaveCountAsync(1);
        await Expect(listPage.Locator("table.incident-table[data-interactive=true]")).ToHaveCountAsync(1);

        Assert.True((await fixture.App.Get<IncidentRemoval>().DeleteAsync(admin, id, CancellationToken.None)).Deleted);

        await Expect(incidentPage.GetByTestId("incident-deleted")).ToContainTextAsync("This incident was deleted");
        await Expect(incidentPage.Locator("h1.incident-title")).ToHaveCountAsync(0);
        await Expect(incidentPage.GetByLabel("Add a note")).ToHaveCountAsync(0);
        await Expect(incidentPage.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToHaveCountAsync(0);
        await Expect(row).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(incidentPage, "incident-deleted-live");
        await incidentPage.Context.CloseAsync();
        await listPage.Context.CloseAsync();
    }

    [Fact]
    public async Task APageOpenedOnAnIncidentAlreadyDeleted_SaysItWasDeleted_AndAnUnknownIdStaysUnknown()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var admin = await AdminAsync();
        var id = (await fixture.App.Get<IncidentEscalation>().CreateAsync(admin, new NewIncident($"Gone incident {tag}"), [], CancellationToken.None)).IncidentId;
        Assert.True((await fixture.App.Get<IncidentRemoval>().DeleteAsync(admin, id, CancellationToken.None)).Deleted);
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync($"/incidents/{id}");

        await Expect(page.GetByTestId("incident-deleted")).ToContainTextAsync("This incident was deleted");
        await Expect(page.Locator("main")).Not.ToContainTextAsync($"There is no incident #{id}");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(tag);
        await Expect(page.GetByLabel("Add a note")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "incident-deleted-opened");

        await page.GotoAsync($"/incidents/{id + 100_000}");
        await Expect(page.Locator("main")).ToContainTextAsync($"There is no incident #{id + 100_000}");
        await Expect(page.GetByTestId("incident-deleted")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheIncidentList_MarksAnIncidentWithReviewFollowUpsPastTheirDueDate()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var admin = await AdminAsync();
        var escalation = fixture.App.Get<IncidentEscalation>();
        var late = (await escalation.CreateAsync(admin, new NewIncident($"Late follow-ups {tag}"), [], CancellationToken.None)).IncidentId;
        await escalation.CreateAsync(admin, new NewIncident($"On time {tag}"), [], CancellationToken.None);
        var due = DateTimeOffset.UtcNow.AddDays(-2);
        Assert.True((await fixture.App.Get<PostIncidentReviews>().SaveAsync(admin, late, new ReviewEdit(0, "Weak filter", "Fast reset", "Late report",
            [new FollowUpEdit("Tighten the filter", admin.Id, due), new FollowUpEdit("Train the desk", admin.Id, due), new FollowUpEdit("Already done", admin.Id, due, Done: true)]),
            CancellationToken.None)).Succeeded);
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/incidents?q={tag}");

        var lateRow = page.Locator("table.incident-table tbody tr", new() { HasText = "Late follow-ups" });
        await Expect(lateRow.Locator("td[data-field=follow-ups]")).ToHaveTextAsync("2 overdue");
        await Expect(page.Locator("table.incident-table tbody tr", new() { HasText = "On time" }).Locator("td[data-field=follow-ups]")).ToHaveTextAsync("");
        await BrowserFixture.ScreenshotAsync(page, "incident-list-overdue-follow-ups");
        await page.Context.CloseAsync();
    }
}
