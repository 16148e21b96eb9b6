using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Regulatory;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>
/// The incident page's clocks and timeline in a real browser: a regulatory deadline counting down turns to "Missed" in
/// the browser with no server render, the SLA clocks tick on the page and the list, a responder's event added at a past
/// time lands in time order, the kind filters narrow the list and the Plotly chart alike, and hostile text stays text.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IncidentClocksTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Clocks_TickInTheBrowser_AndTheTimelineFiltersItsListAndChart()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var page = await fixture.SignedInPageAsync();
        var admin = new Actor(await AdminIdAsync(), BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        var id = (await fixture.App.Get<IncidentEscalation>().CreateAsync(admin, new NewIncident($"Customer records exposed {tag}", "Bucket left public.",
            SecOps.Web.Features.Alerts.Severity.Critical, IncidentType.InformationContentSecurity), [], CancellationToken.None)).IncidentId;
        var editing = fixture.App.Get<IncidentEditing>();
        var regulatory = fixture.App.Get<IncidentRegulatory>();
        var now = DateTimeOffset.UtcNow;
        var incident = (await fixture.App.Get<IncidentQueries>().GetAsync(admin, id, CancellationToken.None))!;
        // Aware 72 hours ago less 8 seconds: GDPR's and NIS2's 72-hour deadlines fall due while the page is open.
        var aware = now.AddHours(-72).AddSeconds(8);
        Assert.True((await regulatory.SetAsync(admin, id, new RegulatoryEdit(incident.Version, aware, true, true), CancellationToken.None)).Succeeded);
        await regulatory.RecordAsync(admin, id, new NewNotification(RegulatoryDuty.Nis2EarlyWarning, aware.AddHours(30), "CSIRT <b>national</b>", "EW-77"), CancellationToken.None);
        await editing.AddNoteAsync(admin, id, "Bucket **closed**; access logs pulled.", CancellationToken.None);
        await editing.AddTimelineEventAsync(admin, id, aware.AddHours(-5), "Bucket policy changed by deploy script", CancellationToken.None);

        await page.GotoAsync($"/incidents/{id}");
        var gdpr = page.Locator("tr.regulatory-row[data-duty=GdprAuthority]");
        await Expect(gdpr.Locator("[data-clock-state]")).ToHaveTextAsync("Due soon");
        await Expect(page.Locator("tr.regulatory-row[data-duty=Nis2EarlyWarning]")).ToContainTextAsync("Sent late");
        await Expect(page.Locator("tr.regulatory-row[data-duty=Nis2EarlyWarning]")).ToContainTextAsync("to CSIRT <b>national</b>");
        // The deadline passes with the page open: the browser flips the clock, the server renders nothing.
        await Expect(gdpr.Locator("[data-clock-state]")).ToHaveTextAsync("Missed", new() { Timeout = 20_000 });
        await Expect(gdpr.Locator(".sla")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("sla-breached"));
        await Expect(gdpr.Locator(".sla")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^-0m \\d\\ds$"));
        var sla = page.Locator("[data-field=sla] .sla");
        var before = await sla.TextContentAsync();
        await Expect(sla).Not.ToHaveTextAsync(before!);

        // A responder's event at a past time, with markup that must stay text, lands before the incident was opened.
        var when = aware.AddHours(-1).UtcDateTime.ToString("yyyy-MM-dd HH:mm");
        await page.GetByLabel("When it happened").FillAsync(when);
        await page.GetByLabel("What happened").FillAsync("<img src=x onerror=alert(1)> first exfiltration seen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add event" }).ClickAsync();
        var events = page.Locator("li[data-kind=Event]");
        await Expect(events).ToHaveCountAsync(2);
        await Expect(events.Nth(1)).ToContainTextAsync("<img src=x onerror=alert(1)> first exfiltration seen");
        await Expect(page.Locator(".incident-timeline img")).ToHaveCountAsync(0);
        var kinds = await page.Locator(".incident-timeline li.timeline-entry").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.kind)");
        Assert.Equal(["Event", "Event", "Notification", "Change"], kinds.Take(4));
        var chart = page.Locator($"#incident-timeline-chart-{id}");
        await Expect(chart.Locator(".scatterlayer .point")).ToHaveCountAsync(await page.Locator(".incident-timeline li.timeline-entry").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "incident-clocks-light");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-clocks-light-full.png"), FullPage = true });

        // Filters narrow the list and the chart alike.
        var shown = await page.Locator(".incident-timeline li.timeline-entry").CountAsync();
        await page.GetByLabel("Events", new() { Exact = true }).UncheckAsync();
        await Expect(page.Locator(".incident-timeline li.timeline-entry")).ToHaveCountAsync(shown - 2);
        await Expect(page.Locator("li[data-kind=Event]")).ToHaveCountAsync(0);
        await Expect(chart.Locator(".scatterlayer .point")).ToHaveCountAsync(shown - 2);
        await page.GetByLabel("Events", new() { Exact = true }).CheckAsync();
        await Expect(page.Locator(".incident-timeline li.timeline-entry")).ToHaveCountAsync(shown);

        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" }).ClickAsync();
        await Expect(page.Locator("html.secops-dark")).ToBeAttachedAsync();
        await BrowserFixture.ScreenshotAsync(page, "incident-clocks-dark");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-clocks-dark-full.png"), FullPage = true });

        // The list's SLA column ticks too.
        await page.GotoAsync("/incidents?q=" + tag);
        var listSla = page.GetByRole(AriaRole.Table, new() { Name = "Incidents" }).Locator("tbody tr [data-field=sla] .sla");
        await Expect(listSla).ToHaveAttributeAsync("data-sla-deadline", new System.Text.RegularExpressions.Regex("^\\d+$"));
        var listBefore = await listSla.TextContentAsync();
        await Expect(listSla).Not.ToHaveTextAsync(listBefore!);
        // The list's regulatory column: the GDPR deadline passed with no notification, and says so before the open ones.
        var listRegulatory = page.GetByRole(AriaRole.Table, new() { Name = "Incidents" }).Locator("tbody tr [data-field=regulatory]");
        await Expect(listRegulatory.Locator("[data-regulatory=missed]")).ToHaveTextAsync("missed · GDPR 33");
        await BrowserFixture.ScreenshotAsync(page, "incident-list-sla");
        await page.Context.CloseAsync();
    }

    private async Task<string> AdminIdAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        return (await users.FindByEmailAsync(BrowserFixture.AdminEmail))!.Id;
    }
}
