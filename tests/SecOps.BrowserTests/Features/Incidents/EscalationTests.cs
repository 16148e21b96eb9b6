using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Incidents;

/// <summary>From the board to an incident with the keyboard, and a second viewer seeing the incident change live.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class EscalationTests(BrowserFixture fixture)
{
    [GeneratedRegex(@"/incidents/\d+$")]
    private static partial Regex IncidentAddress();

    [Fact]
    public async Task EscalatingTwoCheckedAlertsWithE_OpensTheIncident_WithBoth_AndASecondViewerSeesAStatusChangeLive()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (first, second) = ($"escalate-{tag}-first", $"escalate-{tag}-second");
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(rule: first, host: $"host-{tag}", at: DateTimeOffset.UtcNow.AddMinutes(-2)), Documents.Alert(rule: second, host: $"host-{tag}", at: DateTimeOffset.UtcNow.AddMinutes(-1)));
        // An audit event on the same host shortly before: the incident's timeline shows it among the alerts.
        var auditEvent = new System.Text.Json.Nodes.JsonObject
        {
            ["@timestamp"] = DateTimeOffset.UtcNow.AddMinutes(-3).ToString("O"),
            ["event"] = new System.Text.Json.Nodes.JsonObject { ["id"] = $"audit-{tag}", ["category"] = "iam", ["action"] = "added-user-account", ["outcome"] = "success" },
            ["user"] = new System.Text.Json.Nodes.JsonObject { ["name"] = $"svc-{tag}" },
            ["host"] = new System.Text.Json.Nodes.JsonObject { ["name"] = $"host-{tag}" },
        };
        using (var audit = new StringContent(auditEvent.ToJsonString() + "\n", System.Text.Encoding.UTF8, "application/x-ndjson"))
        {
            (await fixture.App.Client().PostAsync("/api/v1/audit-events", audit)).EnsureSuccessStatusCode();
        }
        var page = await fixture.SignedInPageAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString($"host:\"host-{tag}\""));
        await board.OpenAsync(navigate: false);

        await board.Row(second).ClickAsync();
        await page.Keyboard.PressAsync("x");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("x");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Escalate 2 selected…" })).ToBeEnabledAsync();
        await page.Keyboard.PressAsync("e");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("2 alerts to escalate");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create incident" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(IncidentAddress());
        var alerts = page.Locator("li[data-kind=Alert]");
        await Expect(alerts).ToHaveCountAsync(2);
        await Expect(alerts.Nth(0)).ToContainTextAsync(first);
        await Expect(alerts.Nth(1)).ToContainTextAsync(second);
        await Expect(page.Locator("h1.incident-title")).ToContainTextAsync("and 1 more");
        var auditEntry = page.Locator("li[data-kind=AuditEvent]");
        await Expect(auditEntry).ToHaveCountAsync(1);
        await Expect(auditEntry).ToContainTextAsync($"svc-{tag}: added-user-account");
        await Expect(page.Locator("li.timeline-entry").First).ToHaveAttributeAsync("data-kind", "AuditEvent");
        await Expect(page.GetByTestId("timeline-audit-events")).ToHaveTextAsync(new Regex("^1 audit event about the incident's users and hosts from the embedded store\\."));
        await BrowserFixture.ScreenshotAsync(page, "incident-escalated");
        // The chart draws every entry, the audit event among them, and is as tall as its rows (no blank band below).
        await Expect(page.Locator(".incident-timeline-panel .scatterlayer .point")).ToHaveCountAsync(await page.Locator(".incident-timeline li.timeline-entry").CountAsync());
        var heights = await page.EvaluateAsync<double[]>("() => ['.incident-timeline-panel .js-plotly-plot', '.incident-timeline-panel .svg-container'].map(s => document.querySelector(s).getBoundingClientRect().height)");
        Assert.Equal(heights[1], heights[0]);
        await page.Locator("section.incident-timeline-panel").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "incident-timeline-audit-events.png") });

        var other = await fixture.SignedInPageAsync();
        await other.GotoAsync(page.Url);
        await Expect(other.Locator("dd[data-field=status]")).ToHaveTextAsync("Open");
        // Interactive before the change is made: the page's circuit is subscribed once the form can be used.
        await Expect(other.Locator("select[aria-label=Status]")).ToBeEnabledAsync();

        await page.Locator("select[aria-label=Status]").SelectOptionAsync("InProgress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(other.Locator("dd[data-field=status]")).ToHaveTextAsync("In progress");
        await Expect(other.Locator("li[data-kind=Change]").Last).ToContainTextAsync("Status: Open → In progress");
        await BrowserFixture.ScreenshotAsync(other, "incident-live-status");

        await other.GotoAsync("/incidents");
        await Expect(other.GetByRole(AriaRole.Table, new() { Name = "Incidents" })).ToContainTextAsync("and 1 more");
        await BrowserFixture.ScreenshotAsync(other, "incident-list");
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }
}
