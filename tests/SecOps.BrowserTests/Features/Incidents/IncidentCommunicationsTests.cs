using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>The incident page's communications panel: a template filled from the incident, recorded as sent, in the log and on the timeline.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IncidentCommunicationsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AResponder_FillsTheAuthorityTemplate_RecordsItAsSent_AndTheLogAndTimelineShowIt()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var adminId = await AdminIdAsync();
        var admin = new Actor(adminId, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        var id = (await fixture.App.Get<IncidentEscalation>().CreateAsync(admin, new NewIncident($"Customer data <b>exfiltrated</b> {tag}", Severity: SecOps.Web.Features.Alerts.Severity.Critical,
            Observables: [new(ObservableType.Email, $"victim-{tag}@example.test")]), [], CancellationToken.None)).IncidentId;
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/incidents/{id}");
        var panel = page.Locator("section.communications-panel");
        var template = panel.GetByLabel("Template");
        // Enabled once the circuit is up: prerendered controls would drop the input.
        await Expect(template).ToBeEnabledAsync();

        await template.SelectOptionAsync(new SelectOptionValue { Label = "Supervisory authority (GDPR Art. 33)" });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Fill from the incident" }).ClickAsync();
        var message = panel.GetByLabel("Message");
        await Expect(message).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($@"Our reference: incident #{id} \(Customer data <b>exfiltrated</b> {tag}\)"));
        await Expect(panel.GetByLabel("Sent to")).ToHaveValueAsync("Supervisory authority");
        await panel.GetByLabel("Sent to").FillAsync("Data Protection Commission");
        await panel.GetByLabel("Channel").SelectOptionAsync(new SelectOptionValue { Label = "portal" });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Record as sent" }).ClickAsync();

        var log = panel.GetByRole(AriaRole.Table, new() { Name = "Communications sent" });
        await Expect(log.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(log.Locator(".communication-audience")).ToHaveTextAsync("Data Protection Commission");
        await Expect(log.Locator("b")).ToHaveCountAsync(0);
        var entry = page.Locator("li[data-kind=Communication]");
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry.Locator(".timeline-title")).ToHaveTextAsync($"Sent to Data Protection Commission by portal: Personal data breach notification: [to complete: the organisation's name], reference #{id}");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Communications" })).ToBeCheckedAsync();
        // Sent "now" (the time offered, left alone): after the incident was opened, so last on its timeline.
        await Expect(page.Locator("ol.incident-timeline > li.timeline-entry").Last).ToHaveAttributeAsync("data-kind", "Communication");

        await log.Locator("summary").ClickAsync();
        await Expect(log.Locator(".communication-text")).ToContainTextAsync("1. Nature of the personal data breach (Art. 33(3)(a))");
        await entry.Locator("summary").ClickAsync();
        await Expect(entry.Locator(".communication-text")).ToBeVisibleAsync();
        await panel.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-communications.png") });
        await page.Locator("section.incident-timeline-panel").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-communications-timeline.png") });
    }

    private async Task<string> AdminIdAsync()
    {
        await using var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == BrowserFixture.AdminEmail).Select(u => u.Id).SingleAsync();
    }
}
