using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.OnCall;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.OnCall;

/// <summary>
/// The on-call page shows the configured rota: who is on duty until when, the next hand-overs in the team's time, the
/// escalation chain; and the signed-in person's pages, which they acknowledge there.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OnCallPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task RotaPage_ShowsWhoIsOnDuty_TheNextHandOvers_AndTheChain()
    {
        var page = await fixture.SignedInPageAsync();
        // The rota's own arithmetic (unit-tested on a fake clock) says who it is now; the page must show the same.
        var schedule = new OnCallSchedule(fixture.App.Get<IOptions<OnCallOptions>>().Value.Teams.Single());
        var before = schedule.At(DateTimeOffset.UtcNow)!;
        await page.GotoAsync("/playbooks");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "On-call rota" })).ToHaveAttributeAsync("href", "/on-call");
        await page.GotoAsync("/on-call");
        var team = page.GetByRole(AriaRole.Region, new() { Name = "soc" });
        await Expect(team.GetByRole(AriaRole.Heading)).ToHaveTextAsync("soc Europe/Berlin");
        var now = schedule.At(DateTimeOffset.UtcNow)!;
        if (now != before)
        {
            // A hand-over fell between the page's rendering and this check: read the page again.
            await page.ReloadAsync();
        }
        var upcoming = schedule.From(now.From, 7).Skip(1).ToList();
        await Expect(team.Locator("[data-field=on-duty]")).ToContainTextAsync($"On duty: {now.Person} until {Local(now.Until)}");
        await Expect(team.Locator("[data-field=chain]")).ToHaveTextAsync($"Escalation: {now.Person} → soc-lead@example.test");
        var rows = team.GetByRole(AriaRole.Table).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(6);
        for (var i = 0; i < 6; i++)
        {
            await Expect(rows.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(upcoming[i].Person);
            await Expect(rows.Nth(i).Locator("td").Nth(0)).ToHaveTextAsync(Local(upcoming[i].From));
        }
        await BrowserFixture.ScreenshotAsync(page, "on-call-rota");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task YourPages_Acknowledge_AcknowledgesThePageInTheStore_AndTakesItOffTheOpenPages()
    {
        // A page to the signed-in administrator (the rota's first person), as the pager writes it.
        var subjectId = Random.Shared.NextInt64(1_000_000, long.MaxValue);
        var contexts = fixture.App.Get<IDbContextFactory<SecOpsDbContext>>();
        var stored = new DutyPage
        {
            Subject = PageSubject.Incident, SubjectId = subjectId, Reason = PageReason.IncidentSlaBreached, Team = "soc", Level = 0,
            Person = BrowserFixture.AdminEmail, PagedAt = DateTimeOffset.UtcNow.AddMinutes(-3), SentAt = DateTimeOffset.UtcNow.AddMinutes(-3),
        };
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.OnCallPages.Add(stored);
            await db.SaveChangesAsync();
        }
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/on-call");
        await Expect(page.Locator("section.oncall-pages[data-ready=true]")).ToHaveCountAsync(1);
        var open = page.GetByRole(AriaRole.Table, new() { Name = "Open pages" }).Locator($"tr[data-page='{stored.Id}']");
        await Expect(open).ToContainTextAsync($"incident SLA breached: incident {subjectId}");
        var mine = page.GetByRole(AriaRole.Table, new() { Name = "Your pages" }).Locator($"tr[data-page='{stored.Id}']");
        await Expect(mine.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/incidents/{subjectId}");

        await mine.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();

        await Expect(mine.Locator("[data-field=acknowledged]")).ToContainTextAsync("by ");
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToHaveCountAsync(0);
        await Expect(page.Locator($"table[aria-label='Open pages'] tr[data-page='{stored.Id}']")).ToHaveCountAsync(0);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var row = await db.OnCallPages.AsNoTracking().SingleAsync(p => p.Id == stored.Id);
            Assert.NotNull(row.AcknowledgedAt);
            Assert.NotNull(row.AcknowledgedById);
        }
        await BrowserFixture.ScreenshotAsync(page, "on-call-your-pages");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MailLink_LeadsThroughSignInToThePage_WhereOnePressAcknowledgesIt()
    {
        var contexts = fixture.App.Get<IDbContextFactory<SecOpsDbContext>>();
        var stored = new DutyPage
        {
            Subject = PageSubject.Alert, SubjectId = Random.Shared.NextInt64(1_000_000, long.MaxValue), Reason = PageReason.CriticalAlert, Team = "soc", Level = 0,
            Person = BrowserFixture.AdminEmail, PagedAt = DateTimeOffset.UtcNow.AddMinutes(-2), SentAt = DateTimeOffset.UtcNow.AddMinutes(-2),
        };
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.OnCallPages.Add(stored);
            await db.SaveChangesAsync();
        }
        // The link as the page's mail carries it, followed in a browser that is not signed in.
        var link = PageAcknowledgeLinks.Route + "?token=" + fixture.App.Get<PageAcknowledgeLinks>().Token(stored.Id);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync(link);
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GetByLabel("Email").FillAsync(BrowserFixture.AdminEmail);
        await page.GetByLabel("Password").FillAsync(BrowserFixture.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await BrowserFixture.EnterTotpAsync(page, BrowserFixture.AdminTotpSecret);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(PageAcknowledgeLinks.Route) + @"\?token="));
        await Expect(page.Locator("[data-ready=true]")).ToHaveCountAsync(1);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            // Following the link acknowledges nothing by itself.
            Assert.Null((await db.OnCallPages.AsNoTracking().SingleAsync(p => p.Id == stored.Id)).AcknowledgedAt);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();

        await Expect(page.Locator("[data-acknowledge-result]")).ToHaveAttributeAsync("data-acknowledge-result", "done");
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var row = await db.OnCallPages.AsNoTracking().SingleAsync(p => p.Id == stored.Id);
            Assert.NotNull(row.AcknowledgedAt);
            Assert.NotNull(row.AcknowledgedById);
        }
        await BrowserFixture.ScreenshotAsync(page, "on-call-acknowledge-link");
        await context.CloseAsync();
    }

    private static string Local(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        return local.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" (UTC+{local.Offset:hh\\:mm})";
    }
}
