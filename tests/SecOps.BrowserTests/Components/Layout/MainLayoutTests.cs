using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Components.Layout;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MainLayoutTests(BrowserFixture fixture) : IAsyncLifetime
{
    // Records whether <html> carried the dark class when <body> was first parsed, i.e. before anything of the page painted.
    private const string DarkWhenBodyParsed =
        "new MutationObserver((_, observer) => { if (document.body) { window.__darkAtBody = document.documentElement.classList.contains('secops-dark'); observer.disconnect(); } })" +
        ".observe(document, { childList: true, subtree: true });";

    private static readonly Regex DarkClass = new(@"\bsecops-dark\b");

    private IPage _page = default!;

    public async Task InitializeAsync() => _page = await fixture.SignedInPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    private ILocator Html => _page.Locator("html");

    private ILocator ThemeToggle => _page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" });

    private ILocator NavToggle => _page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" });

    private ILocator NavLink(string name) => _page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name });

    private async Task OpenBoardAsync(int width)
    {
        await _page.SetViewportSizeAsync(width, 900);
        await new TriageBoard(_page).OpenAsync();
    }

    [Fact]
    public async Task DarkTheme_TogglesTheHtmlClassInTheBrowser_AndSurvivesAReload()
    {
        await _page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await _page.AddInitScriptAsync(DarkWhenBodyParsed);
        await OpenBoardAsync(1400);
        await Expect(Html).Not.ToHaveClassAsync(DarkClass);
        await Expect(ThemeToggle).ToHaveAttributeAsync("title", "Dark theme");
        var lightBackground = await BackgroundAsync();

        await ThemeToggle.ClickAsync();

        await Expect(Html).ToHaveClassAsync(DarkClass);
        await Expect(ThemeToggle).ToHaveAttributeAsync("title", "Light theme");
        await Expect(ThemeToggle).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.NotEqual(lightBackground, await BackgroundAsync());

        await _page.ReloadAsync();
        await new TriageBoard(_page).OpenAsync(navigate: false);

        await Expect(Html).ToHaveClassAsync(DarkClass);
        Assert.True(await _page.EvaluateAsync<bool>("() => window.__darkAtBody === true"));
        await Expect(ThemeToggle).ToHaveAttributeAsync("title", "Light theme");
        await BrowserFixture.ScreenshotAsync(_page, "layout-dark-after-reload");

        await ThemeToggle.ClickAsync();
        await _page.ReloadAsync();
        await new TriageBoard(_page).OpenAsync(navigate: false);

        await Expect(Html).Not.ToHaveClassAsync(DarkClass);
        Assert.True(await _page.EvaluateAsync<bool>("() => window.__darkAtBody === false"));
        Assert.Equal(lightBackground, await BackgroundAsync());
    }

    [Fact]
    public async Task WithoutASavedChoice_TheThemeFollowsTheSystem()
    {
        await _page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });

        await OpenBoardAsync(1400);

        await Expect(Html).ToHaveClassAsync(DarkClass);
        await Expect(ThemeToggle).ToHaveAttributeAsync("title", "Light theme");
    }

    [Fact]
    public async Task NarrowWindow_DrawerStartsClosed_OpensWithTheToggle_AndClosesOnEscape()
    {
        await OpenBoardAsync(700);

        await Expect(NavToggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(NavLink("Overview")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(_page, "layout-narrow-board");

        await NavToggle.ClickAsync();

        await Expect(NavToggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(NavLink("Overview")).ToBeVisibleAsync();
        // The picture is of the drawer as it ends up, not half-way through its slide.
        await _page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await BrowserFixture.ScreenshotAsync(_page, "layout-narrow-drawer-open");

        await _page.Keyboard.PressAsync("Escape");

        await Expect(NavToggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(NavLink("Overview")).ToBeHiddenAsync();
        await Expect(NavToggle).ToBeFocusedAsync();
    }

    [Fact]
    public async Task NarrowWindow_DrawerClosesOnAClickOutside_AndOnNavigation()
    {
        await OpenBoardAsync(700);
        await NavToggle.ClickAsync();
        await Expect(NavLink("Overview")).ToBeVisibleAsync();

        await _page.Locator(".secops-scrim").ClickAsync();

        await Expect(NavToggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(NavLink("Overview")).ToBeHiddenAsync();

        await NavToggle.ClickAsync();
        await NavLink("Overview").ClickAsync();

        await Expect(_page).ToHaveURLAsync(fixture.App.BaseAddress.ToString());
        await Expect(NavToggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(NavLink("Triage")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task WideWindow_DrawerIsDocked_AndTheToggleCollapsesIt()
    {
        await OpenBoardAsync(1400);

        await Expect(NavToggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(NavLink("Overview")).ToBeVisibleAsync();
        var docked = await _page.Locator("main").BoundingBoxAsync();

        await NavToggle.ClickAsync();

        await Expect(NavToggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(NavLink("Overview")).ToBeHiddenAsync();
        await Expect(_page.Locator("main")).ToHaveCSSAsync("margin-left", "0px");

        await NavToggle.ClickAsync();

        await Expect(NavLink("Overview")).ToBeVisibleAsync();
        await Expect(_page.Locator("main")).ToHaveCSSAsync("margin-left", $"{docked!.X}px");
    }

    private Task<string> BackgroundAsync() => _page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
