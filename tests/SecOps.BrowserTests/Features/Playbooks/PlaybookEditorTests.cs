using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Playbooks;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Playbooks;

/// <summary>The playbook editor in a browser: bad YAML shows its line as you type, the fix clears it, saving stores a new version.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlaybookEditorTests(BrowserFixture fixture)
{
    [Fact]
    public async Task EditingAPlaybook_ShowsTheErrorOfBadYamlWithItsLine_AndTheFixSavesANewVersion()
    {
        var key = "edit-" + Guid.NewGuid().ToString("N")[..8];
        var yaml = $"""
            id: {key}
            name: Lost laptop
            description: A company laptop is lost or stolen.
            triggers:
              severities: [high]
            phases:
              - phase: detection-and-analysis
                steps:
                  - id: confirm-loss
                    title: Confirm the loss with its owner
                    owner: analyst
                    sla: 30m
              - phase: containment
                steps:
                  - id: wipe
                    title: Wipe the device remotely
                    owner: responder
                    sla: 2h
                    checklist: [Send the wipe command, Revoke its certificates]
                    evidence: [note]
            """;
        var admin = new Actor("browser-admin", "Ada Min", PermissionTable.ForRole(Roles.Admin).ToHashSet());
        Assert.True((await fixture.App.Get<PlaybookLibrary>().ImportAsync(admin, yaml, CancellationToken.None)).Succeeded);
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/playbooks/{key}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/playbooks/{key}/edit$"));
        await Expect(page.Locator(".playbook-editor[data-interactive=true]")).ToBeAttachedAsync();
        var status = page.Locator(".editor-status");
        await Expect(status).ToHaveTextAsync("Valid: Lost laptop, 2 steps.");
        var text = page.GetByLabel("Playbook YAML");
        var stored = await text.InputValueAsync();

        var broken = stored.Replace("owner: responder", "owner: intern");
        await text.FillAsync(broken);
        // The editor shows the stored (exported) text, so the line is found in it: the reader's position of the bad value.
        var lines = broken.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("owner: intern")) + 1;
        var column = lines[line - 1].IndexOf("intern", StringComparison.Ordinal) + 1;
        var problems = page.GetByRole(AriaRole.List, new() { Name = "Problems" });
        await Expect(problems).ToHaveTextAsync($"line {line}, column {column}: An owner is one of analyst, responder, manager, admin; 'intern' is not.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" })).ToBeDisabledAsync();
        await Expect(page.Locator(".preview-title")).ToHaveTextAsync("Preview (last valid text)");
        await BrowserFixture.ScreenshotAsync(page, "playbook-editor-error");

        await text.FillAsync(stored.Replace("title: Wipe the device remotely", "title: Wipe the device and lock its accounts").Replace("sla: 2h", "sla: 1h"));
        await Expect(status).ToHaveTextAsync("Valid: Lost laptop, 2 steps.");
        await Expect(problems).Not.ToBeAttachedAsync();
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview" });
        await Expect(preview.Locator("li[data-step=wipe] strong")).ToHaveTextAsync("Wipe the device and lock its accounts");
        await Expect(preview.Locator("li[data-step=wipe]")).ToContainTextAsync("SLA 1 h");
        await BrowserFixture.ScreenshotAsync(page, "playbook-editor");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/playbooks/{key}\\?version=2$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Lost laptop v2");
        await Expect(page.Locator("li[data-step=wipe]")).ToContainTextAsync("Wipe the device and lock its accounts");
        await Expect(page.GetByLabel("Versions").GetByRole(AriaRole.Link, new() { Name = "v1" })).ToHaveAttributeAsync("href", $"/playbooks/{key}?version=1");
        var v1 = await fixture.App.Get<PlaybookLibrary>().GetAsync(admin, key, 1, CancellationToken.None);
        Assert.Equal("Wipe the device remotely", v1!.Definition.Steps.Single(s => s.Key == "wipe").Title);
        await page.Context.CloseAsync();
    }
}
