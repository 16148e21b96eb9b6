using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>
/// The incident page's evidence panel (an HTML file uploaded through the browser is listed by name as text, with its
/// hash and custody) and seen-before column, and the print view with the whole timeline, on screen and as printed.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IncidentEvidenceAndPrintTests(BrowserFixture fixture)
{
    private async Task<(Actor Admin, long Id, long Earlier, string Tag)> IncidentAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserFixture.AdminEmail).Select(u => u.Id).SingleAsync();
        var admin = new Actor(adminId, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
        var escalation = fixture.App.Get<IncidentEscalation>();
        var earlier = (await escalation.CreateAsync(admin, new NewIncident($"Earlier phishing {tag}", Observables: [new(ObservableType.Domain, $"evil-{tag}.example")]), [], CancellationToken.None)).IncidentId;
        var id = (await escalation.CreateAsync(admin, new NewIncident($"Credential phishing {tag}", "Users received a **fake** sign-in page.", SecOps.Web.Features.Alerts.Severity.High,
            Observables: [new(ObservableType.Domain, $"evil-{tag}.example", Ioc: true), new(ObservableType.Email, $"ceo-{tag}@victim.example")]), [], CancellationToken.None)).IncidentId;
        var editing = fixture.App.Get<IncidentEditing>();
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        foreach (var text in new[] { "First report by phone from finance", "=HYPERLINK(\"http://evil.example\") pasted by a user", "Mail gateway rule added", "<script>alert(1)</script> in a subject line" })
        {
            at = at.AddMinutes(10);
            Assert.True((await editing.AddTimelineEventAsync(admin, id, at, text, CancellationToken.None)).Succeeded);
        }
        Assert.True((await editing.AddNoteAsync(admin, id, "Reset the passwords of **3** users.\n\n- finance-1\n- finance-2", CancellationToken.None)).Succeeded);
        return (admin, id, earlier, tag);
    }

    [Fact]
    public async Task EvidenceUploadedThroughThePage_IsListedWithHashAndCustody_AndObservablesShowWhereTheyWereSeenBefore()
    {
        var (_, id, earlier, tag) = await IncidentAsync();
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/incidents/{id}");
        await Expect(page.Locator("h1.incident-title")).ToContainTextAsync(tag);

        var domain = page.GetByRole(AriaRole.Table, new() { Name = "Observables" }).Locator("tbody tr").Filter(new() { HasText = $"evil-{tag}.example" });
        await Expect(domain.Locator(".seen-before a")).ToHaveTextAsync($"#{earlier}");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Observables" }).Locator("tbody tr").Filter(new() { HasText = $"ceo-{tag}@victim.example" }).Locator(".seen-before"))
            .ToHaveTextAsync("Not seen before");

        await InteractiveAsync(page);
        var html = "<html><body><script>document.title='pwned'</script><h1>phish kit</h1></body></html>";
        await page.GetByLabel("Evidence file").SetInputFilesAsync(new FilePayload { Name = "<img src=x onerror=alert(1)>kit.html", MimeType = "text/html", Buffer = Encoding.UTF8.GetBytes(html) });
        var files = page.GetByRole(AriaRole.Table, new() { Name = "Evidence files" });
        await Expect(files.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(files.Locator(".evidence-name")).ToHaveTextAsync("<img src=x onerror=alert(1)>kit.html");
        await Expect(files.Locator(".evidence-name img")).ToHaveCountAsync(0);
        await Expect(files.Locator(".evidence-hash")).ToHaveTextAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(html))));
        await Expect(files.Locator("[data-custody]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Uploaded by " + BrowserFixture.AdminEmail));
        await Expect(page.Locator("li[data-kind=Evidence]")).ToContainTextAsync("Evidence uploaded: <img src=x onerror=alert(1)>kit.html");

        var download = await page.RunAndWaitForDownloadAsync(() => files.GetByRole(AriaRole.Link).ClickAsync());
        // The browser makes the name safe for its file system; what matters is that it saved a file, with the same bytes.
        Assert.EndsWith("kit.html", download.SuggestedFilename);
        Assert.Equal(html, await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.DoesNotContain("pwned", await page.TitleAsync());
        await Expect(files.Locator("[data-custody]")).ToHaveCountAsync(2);
        await Expect(files.Locator("[data-custody]").Nth(1)).ToContainTextAsync("Downloaded by " + BrowserFixture.AdminEmail);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-evidence.png"), FullPage = true });
    }

    /// <summary>
    /// Waits (bounded) until the page's circuit handles input: prerendered controls accept input before it is up and
    /// that input never reaches the server. Typing a note enables its button only once the circuit has it.
    /// </summary>
    private static async Task InteractiveAsync(IPage page)
    {
        var note = page.GetByLabel("Add a note");
        for (var attempt = 1; ; attempt++)
        {
            await note.FillAsync("probe");
            try
            {
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add note" })).ToBeEnabledAsync(new() { Timeout = 3000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 20)
            {
                await note.FillAsync("");
            }
        }
        await note.FillAsync("");
    }

    [Fact]
    public async Task PrintView_ShowsTheIncidentAndItsWholeTimeline_WithoutTheAppsChromeWhenPrinted()
    {
        var (admin, id, _, tag) = await IncidentAsync();
        var timeline = await fixture.App.Get<IncidentQueries>().TimelineAsync(admin, id, CancellationToken.None);
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync($"/incidents/{id}/print");

        await Expect(page.Locator("h1.incident-print-title")).ToHaveTextAsync($"#{id} Credential phishing {tag}");
        await Expect(page.Locator(".incident-print li.timeline-entry")).ToHaveCountAsync(timeline.Count);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Timeline ({timeline.Count} events)" })).ToBeVisibleAsync();
        await Expect(page.Locator(".incident-print")).ToContainTextAsync("<script>alert(1)</script> in a subject line");
        await Expect(page.Locator(".incident-print strong")).ToHaveTextAsync(["fake", "3"]);
        await BrowserFixture.ScreenshotAsync(page, "incident-print-screen");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print or save as PDF" })).ToBeHiddenAsync();
        await Expect(page.Locator(".incident-print li.timeline-entry").Last).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-print.png"), FullPage = true });
    }
}
