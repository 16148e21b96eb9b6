using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Reviews;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>A high incident on its page: classified with ATT&amp;CK and OWASP; closing is refused until the review is written; written and saved, it closes.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IncidentReviewTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ClosingAHighIncident_IsRefusedUntilItsReviewIsWritten_ThenItCloses()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserFixture.AdminEmail).Select(u => u.Id).SingleAsync();
        var admin = new Actor(adminId, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        var id = (await fixture.App.Get<IncidentEscalation>().CreateAsync(admin, new NewIncident($"Ransomware {tag}", Severity: Severity.High), [], CancellationToken.None)).IncidentId;
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/incidents/{id}");
        var form = page.Locator("form[aria-label='Post-incident review'][data-ready=true]");
        await Expect(form).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("review-status")).ToContainTextAsync("No review written yet. · required before this high incident can be closed");

        // Classified first: ATT&CK, OWASP and the affected asset, shown as facts once saved.
        var classify = page.GetByRole(AriaRole.Form, new() { Name = "Classify incident" });
        await classify.GetByLabel("Initial Access").CheckAsync();
        await classify.GetByLabel("Impact").CheckAsync();
        await classify.GetByLabel("ATT&CK techniques").FillAsync("t1190 T1486");
        await classify.GetByLabel("OWASP Top 10 category").SelectOptionAsync("A06");
        await classify.GetByLabel("Affected assets").FillAsync($"vpn-edge-{tag}\nfileserver-{tag}");
        await classify.GetByRole(AriaRole.Button, new() { Name = "Save classification" }).ClickAsync();
        await Expect(page.Locator("dd[data-field=mitre]")).ToHaveTextAsync("Initial Access, Impact, T1190, T1486");
        await Expect(page.Locator("dd[data-field=owasp]")).ToHaveTextAsync("A06 Vulnerable and Outdated Components");
        await Expect(page.Locator("dd[data-field=assets]")).ToHaveTextAsync($"vpn-edge-{tag}, fileserver-{tag}");
        await page.Locator("section.incident-classification").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-classification.png") });

        var editor = page.GetByRole(AriaRole.Form, new() { Name = "Edit incident" });
        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync(nameof(IncidentStatus.Closed));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "post-incident review" })).ToContainTextAsync(PostIncidentReviews.RequiredToClose);
        await Expect(page.Locator("dd[data-field=status]")).ToHaveTextAsync("Open");

        await form.GetByLabel("Root cause").FillAsync("VPN appliance unpatched <b>for 40 days</b>");
        await form.GetByLabel("What went well").FillAsync("Backups restored within four hours");
        await form.GetByLabel("What did not go well").FillAsync("The EDR alert sat unread overnight");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add follow-up" }).ClickAsync();
        await form.GetByLabel("Follow-up 1", new() { Exact = true }).FillAsync("Patch every edge device within 7 days");
        await form.GetByLabel("Owner of follow-up 1").SelectOptionAsync(adminId);
        await form.GetByLabel("Due date of follow-up 1").FillAsync("2027-01-31");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();

        await Expect(page.GetByTestId("review-status")).ToContainTextAsync("Complete · saved by " + BrowserFixture.AdminEmail);
        await Expect(page.Locator("li[data-kind=Change]").Last).ToContainTextAsync("Post-incident review saved (1 follow-up, 0 done)");
        await Expect(form.GetByLabel("Root cause")).ToHaveValueAsync("VPN appliance unpatched <b>for 40 days</b>");
        await page.Locator("section.incident-review").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-review.png") });

        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync(nameof(IncidentStatus.Closed));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("dd[data-field=status]")).ToHaveTextAsync("Closed");
        var stored = await db.PostIncidentReviews.AsNoTracking().SingleAsync(r => r.IncidentId == id);
        Assert.Equal(("VPN appliance unpatched <b>for 40 days</b>", 1), (stored.RootCause, stored.Version));
        var followUp = await db.ReviewFollowUps.AsNoTracking().SingleAsync(f => f.IncidentId == id);
        Assert.Equal(("Patch every edge device within 7 days", adminId, new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero)), (followUp.Action, followUp.OwnerId, followUp.DueAt!.Value));

        await page.GotoAsync($"/incidents/{id}/print");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Post-incident review" })).ToContainTextAsync("Patch every edge device within 7 days");
        await page.Context.CloseAsync();
    }
}
