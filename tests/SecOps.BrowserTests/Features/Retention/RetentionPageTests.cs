using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Retention;

/// <summary>
/// The retention page in a browser: each kind's period with the dry run of the next purge and the note that the audit
/// trail is never purged; with the only administrator a period change applies at once with a visible warning; "run purge
/// now" deletes the expired closed alert and lists the run.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RetentionPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Administrator_SeesPeriodsAndTheDryRun_ChangesAPeriodWithAWarning_AndRunsThePurge()
    {
        var documentId = "retention-browser-" + Guid.NewGuid().ToString("N")[..8];
        var closedAt = DateTimeOffset.UtcNow.AddDays(-400);
        await using (var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            db.Alerts.Add(new Alert { DocumentId = documentId, Fingerprint = documentId, RuleName = "Expired", Status = AlertStatus.Closed, ClosedAt = closedAt, AlertTime = closedAt, EventTime = closedAt, UpdatedAt = closedAt });
            await db.SaveChangesAsync();
        }
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync("/admin/retention");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Retention", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".admin-page[data-interactive=true]")).ToBeAttachedAsync();
        var periods = page.GetByRole(AriaRole.Table, new() { Name = "Retention periods" });
        await Expect(periods.Locator("[data-retention-kind]")).ToHaveCountAsync(4);
        var alerts = periods.Locator("[data-retention-kind=ClosedAlerts]");
        await Expect(alerts.Locator("[data-retention-preview]")).Not.ToHaveTextAsync("0 alerts");
        await Expect(page.Locator("[data-retention-audit-note]")).ToContainTextAsync("never purged");

        var events = periods.Locator("[data-retention-kind=AuditEvents]");
        await events.GetByRole(AriaRole.Textbox).FillAsync("400");
        await events.GetByRole(AriaRole.Button, new() { Name = "Ask for change" }).ClickAsync();

        var result = page.Locator("[data-admin-result]");
        await Expect(result).ToHaveAttributeAsync("data-admin-result", "AppliedWithoutSecondApproval");
        await Expect(events.Locator("[data-retention-days]")).ToHaveTextAsync("400 days");

        await page.GetByRole(AriaRole.Button, new() { Name = "Run purge now" }).ClickAsync();

        await Expect(result).ToContainTextAsync("Purge done:");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Purge runs" }).Locator("[data-retention-run-row]").First).ToContainTextAsync("an administrator");
        await Expect(alerts.Locator("[data-retention-preview]")).ToHaveTextAsync("0 alerts");
        await BrowserFixture.ScreenshotAsync(page, "admin-retention");
        await using (var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            Assert.False(await db.Alerts.AnyAsync(a => a.DocumentId == documentId));
        }
        await page.Context.CloseAsync();
    }
}
