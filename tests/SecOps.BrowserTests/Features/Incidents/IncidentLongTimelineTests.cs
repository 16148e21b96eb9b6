using Microsoft.EntityFrameworkCore;
using SecOps.BrowserTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>
/// An incident with a long timeline renders only the entries near the viewport, and scrolling reaches every one in order;
/// its chart draws time bins rather than a marker per entry.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IncidentLongTimelineTests(BrowserFixture fixture)
{
    private const int Entries = 1200;

    [Fact]
    public async Task ALongTimeline_RendersOnlyWhatIsNearTheViewport_AndScrollingReachesTheLastEntry()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserFixture.AdminEmail).Select(u => u.Id).SingleAsync();
        var admin = new Actor(adminId, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        var id = (await fixture.App.Get<IncidentEscalation>().CreateAsync(admin, new NewIncident($"Long-running intrusion {tag}"), [], CancellationToken.None)).IncidentId;
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        // Responders' own events, written straight to the store: the page reads them like any other.
        db.IncidentEvents.AddRange(Enumerable.Range(1, Entries).Select(i => new IncidentEvent
        {
            IncidentId = id,
            At = start.AddMinutes(i),
            OccurredAt = start.AddMinutes(i),
            Kind = IncidentEventKind.TimelineEvent,
            ActorId = adminId,
            ActorName = BrowserFixture.AdminEmail,
            Text = $"Step {i:D4} of {tag}",
        }));
        await db.SaveChangesAsync();
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync($"/incidents/{id}");
        var entries = page.Locator("ol.incident-timeline > li.timeline-entry");
        // Entries are drawn by the live page (its circuit up: the review form says so) as the timeline comes into view.
        await Expect(page.Locator("form[aria-label='Post-incident review'][data-ready=true]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await page.Locator("#timeline-heading").EvaluateAsync("h => h.scrollIntoView({ block: 'start' })");
        await Expect(page.Locator("li.timeline-entry[data-kind=Event]").First).ToContainTextAsync($"Step 0001 of {tag}", new() { Timeout = 20_000 });
        await Expect(page.Locator(".timeline-filter[data-kind=Event] .timeline-filter-count")).ToHaveTextAsync(Entries.ToString());
        var rendered = await entries.CountAsync();
        Assert.InRange(rendered, 1, 200);
        // The chart draws the 1,200 events as time bins: at most one marker per bin for the events, and one for the creation.
        var markers = page.Locator($"#incident-timeline-chart-{id} .scatterlayer .point");
        await Expect(markers.First).ToBeAttachedAsync();
        Assert.InRange(await markers.CountAsync(), 2, TimelineChart.Bins + 1);
        await page.Locator("section.incident-timeline-panel .plotly-panel").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-long-timeline-chart.png") });

        // Scroll to the bottom until the last entry is drawn (Virtualize fetches the next window as its spacer comes into view).
        var last = page.Locator("li.timeline-entry", new() { HasText = $"Step {Entries:D4} of {tag}" });
        for (var attempt = 0; attempt < 60 && await last.CountAsync() == 0; attempt++)
        {
            await page.Mouse.WheelAsync(0, 4000);
            await page.WaitForTimeoutAsync(50);
        }
        await Expect(last).ToBeVisibleAsync();
        Assert.InRange(await entries.CountAsync(), 1, 200);
        // What is drawn near the end is in order, ending with the last step (the chart and creation come before).
        var texts = await entries.Locator(".timeline-title").AllTextContentsAsync();
        var steps = texts.Where(t => t.StartsWith("Step ", StringComparison.Ordinal)).ToList();
        Assert.Equal(steps.Order(StringComparer.Ordinal), steps);
        Assert.Equal($"Step {Entries:D4} of {tag}", steps[^1]);
        await BrowserFixture.ScreenshotAsync(page, "incident-long-timeline-end");
        await page.Context.CloseAsync();
    }
}
