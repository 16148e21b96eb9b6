using Microsoft.Playwright;

namespace SecOps.BrowserTests.Support;

/// <summary>Page object for /triage.</summary>
public sealed class TriageBoard(IPage page)
{
    public IPage Page => page;

    public ILocator List => page.GetByRole(AriaRole.Listbox, new() { Name = "Alerts" });

    public ILocator Row(string ruleName) => List.GetByRole(AriaRole.Option).Filter(new() { HasText = ruleName });

    public ILocator SelectedRows => List.Locator("[aria-selected=true]");

    public ILocator NewMarker => page.Locator("button.new-alerts-marker");

    /// <summary>"50 of 12,345": loaded rows of the store's total for the search.</summary>
    public ILocator Count => page.Locator(".board-count");

    public Task ShowAsync(string view) =>
        page.GetByRole(AriaRole.Group, new() { Name = "Board view" }).GetByRole(AriaRole.Button, new() { Name = view, Exact = true }).ClickAsync();

    public async Task OpenAsync(bool navigate = true)
    {
        if (navigate)
        {
            await page.GotoAsync("/triage");
        }
        // Interactive once the circuit is up and the board's browser module has attached to the list.
        await Assertions.Expect(page.Locator(".board-list[data-interactive=true]")).ToBeAttachedAsync();
    }
}
