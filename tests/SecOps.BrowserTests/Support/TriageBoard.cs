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
