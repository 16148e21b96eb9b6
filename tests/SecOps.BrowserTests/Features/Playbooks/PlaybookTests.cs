using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Evidence;
using SecOps.Web.Features.Incidents;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Playbooks;

/// <summary>The playbook library pages, import errors with line numbers, and working a suggested playbook on an incident live in two browsers.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlaybookTests(BrowserFixture fixture)
{
    [Fact]
    public async Task LibraryPage_ListsTheShippedPlaybooks_OpensOne_AndAnInvalidUploadShowsItsLineNumbers()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/playbooks");

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Playbooks" });
        foreach (var name in (string[])["Phishing", "Ransomware", "Account compromise / credential stuffing", "Web application attack (WAF)",
            "Personal-data breach (GDPR)", "Malicious container or vulnerable image", "Denial of service (DDoS)", "Insider / privileged misuse"])
        {
            await Expect(table.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }
        await BrowserFixture.ScreenshotAsync(page, "playbooks-library");

        await page.GetByLabel("Playbook YAML file").SetInputFilesAsync(new FilePayload
        {
            Name = "broken.yaml",
            MimeType = "application/yaml",
            Buffer = "id: broken-one\nname: Broken\nphases:\n  - phase: containment\n    steps:\n      - id: a\n        title: A\n        owner: intern\n        sla: 1h\n"u8.ToArray(),
        });
        var errors = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Nothing was imported" });
        await Expect(errors).ToContainTextAsync("line 8, column 16: An owner is one of analyst, responder, manager, admin; 'intern' is not.");
        await BrowserFixture.ScreenshotAsync(page, "playbooks-import-error");

        var link = table.GetByRole(AriaRole.Link, new() { Name = "Personal-data breach (GDPR)" });
        await Expect(link).ToHaveAttributeAsync("href", "/playbooks/personal-data-breach");
        await page.GotoAsync("/playbooks/personal-data-breach");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Personal-data breach (GDPR) v1");
        await Expect(page.Locator("li[data-step=notify-authority]")).ToContainTextAsync("SLA 3 days");
        await BrowserFixture.ScreenshotAsync(page, "playbook-view");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PhishingIncident_SuggestionAccepted_TwoStepsCompletedWithEvidence_ProgressIsLiveInASecondBrowser()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert($"phish-{tag}", rule: "Suspicious email link clicked", severity: "high", host: $"mail-{tag}"));
        long alertId;
        await using (var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            alertId = await db.Alerts.Where(a => a.DocumentId == $"phish-{tag}").Select(a => a.Id).SingleAsync();
        }
        var analyst = new Actor("browser-analyst", "Ana Lyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        var created = await fixture.App.Get<IncidentEscalation>().CreateAsync(analyst, new NewIncident($"Phishing {tag}", Type: IncidentType.Fraud), [alertId], CancellationToken.None);
        // The evidence files the steps will be completed with, already on the incident.
        var responder = new Actor("browser-responder", "Rhea Sponder", PermissionTable.ForRole(Roles.Responder).ToHashSet());
        async Task<long> UploadAsync(string name, string content)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            var outcome = await fixture.App.Get<IncidentEvidence>().UploadAsync(responder, created.IncidentId, name, bytes.Length, new MemoryStream(bytes), CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Error);
            return outcome.EvidenceId;
        }
        var lure = await UploadAsync("invoice-lure.eml", "Subject: Invoice overdue");
        var trace = await UploadAsync("message-trace.csv", "recipient,delivered");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/incidents/{created.IncidentId}");

        var suggestions = page.GetByRole(AriaRole.Region, new() { Name = "Suggested playbooks" });
        await Expect(suggestions.Locator("li[data-playbook]").First).ToHaveAttributeAsync("data-playbook", "phishing");
        await Expect(suggestions).ToContainTextAsync("Rule “Suspicious email link clicked” matches “*suspicious email*”");
        await BrowserFixture.ScreenshotAsync(page, "incident-playbook-suggested");
        await suggestions.GetByRole(AriaRole.Button, new() { Name = "Attach Phishing" }).ClickAsync();
        var detection = page.Locator(".phase-progress[data-phase=DetectionAndAnalysis] [data-field=progress]");
        await Expect(detection).ToHaveTextAsync("0 of 5 done");

        var other = await fixture.SignedInPageAsync();
        await other.GotoAsync(page.Url);
        var otherDetection = other.Locator(".phase-progress[data-phase=DetectionAndAnalysis] [data-field=progress]");
        await Expect(otherDetection).ToHaveTextAsync("0 of 5 done");
        // Interactive before the change is made: task actions render once the circuit is up (and subscribed).
        await Expect(other.Locator("li[data-step=collect-sample] button.task-action").First).ToBeEnabledAsync();

        var collect = page.Locator("li[data-step=collect-sample]");
        await collect.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await collect.GetByLabel("Evidence note").FillAsync("Saved with full headers; DMARC **fail**");
        await collect.GetByLabel("Evidence file").SelectOptionAsync(lure.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await collect.GetByLabel("Observable").FillAsync("ip:203.0.113.7");
        await collect.GetByRole(AriaRole.Button, new() { Name = "Mark done" }).ClickAsync();
        await Expect(collect).ToHaveAttributeAsync("data-state", "Done");
        await Expect(otherDetection).ToHaveTextAsync("1 of 5 done");

        var scope = page.Locator("li[data-step=scope-recipients]");
        await scope.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await Expect(scope.GetByLabel("Evidence file").Locator("option")).ToHaveCountAsync(3);
        await BrowserFixture.ScreenshotAsync(page, "incident-task-evidence-pick");
        await scope.GetByLabel("Evidence file").SelectOptionAsync(trace.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await scope.GetByRole(AriaRole.Button, new() { Name = "Mark done" }).ClickAsync();

        await Expect(otherDetection).ToHaveTextAsync("2 of 5 done");
        await Expect(other.Locator("li[data-step=scope-recipients]")).ToHaveAttributeAsync("data-state", "Done");
        await Expect(other.Locator("li[data-step=collect-sample] .task-closed")).ToContainTextAsync("observable ip:203.0.113.7");
        // The linked file, a download of the incident's evidence (need-to-know checked there), seen in the second browser too.
        var linked = other.Locator("li[data-step=scope-recipients] .task-closed a[data-evidence-id]");
        await Expect(linked).ToContainTextAsync("message-trace.csv (SHA-256 ");
        await Expect(linked).ToHaveAttributeAsync("href", $"/incidents/{created.IncidentId}/evidence/{trace}");
        await Expect(other.Locator("li[data-kind=Task]").Last).ToContainTextAsync("Task done: Find every recipient of the campaign");
        await page.Locator("li[data-step=analyse-payload] button.task-title").ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "incident-playbook-tasks");
        // The second browser's view of the progress it was sent, not the top of the page.
        await other.Locator(".phase-progress[data-phase=DetectionAndAnalysis]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(other, "incident-playbook-live");

        // The playbook page's drill-down (the administrator reads metrics): the two steps just done, timed.
        await page.GotoAsync("/playbooks/phishing");
        var steps = page.GetByRole(AriaRole.Table, new() { Name = "Playbook step times" });
        await Expect(steps.Locator("tr", new() { HasText = "Find every recipient of the campaign" })).ToBeVisibleAsync();
        // The range buttons answer once the page is interactive (it renders afresh then): pick a year, then look.
        var year = page.GetByRole(AriaRole.Button, new() { Name = "365 days" });
        for (var attempt = 1; ; attempt++)
        {
            await year.ClickAsync();
            try
            {
                await Expect(year).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = 2000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 10)
            {
            }
        }
        await Expect(steps.Locator("tr", new() { HasText = "Find every recipient of the campaign" })).ToBeVisibleAsync();
        await page.Locator("section.playbook-times").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "playbook-step-times");
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }
}
