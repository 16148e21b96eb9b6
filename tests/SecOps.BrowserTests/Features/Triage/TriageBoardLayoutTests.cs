using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Triage;

/// <summary>
/// The board at every width: the list never scrolls sideways, headers sit over their cells without running into each
/// other, the rule keeps room to be read, SLA stays on screen, and the drawer overlays the list where there is no room
/// beside it. Each width is photographed light and dark, with the drawer closed and open (set SECOPS_SHOTS to keep them).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TriageBoardLayoutTests(BrowserFixture fixture)
{
    /// <summary>The least the rule column may get, in CSS pixels (12rem in the stylesheet).</summary>
    private const double RuleMinimum = 180;

    private const string LongRule = "Credential stuffing against the customer portal login endpoint from a rotating residential proxy network";

    private static string ShotsDirectory => Environment.GetEnvironmentVariable("SECOPS_SHOTS") is { Length: > 0 } dir ? dir : BrowserFixture.ArtifactsDirectory;

    private async Task<(IPage Page, TriageBoard Board)> OpenAsync(string tag, int width, ColorScheme scheme)
    {
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(width, 900);
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString(tag));
        await board.OpenAsync(navigate: false);
        return (page, board);
    }

    private async Task PostAsync(string tag)
    {
        // Per test: the drawer's related alerts are those sharing a user or address, and the app is shared by all tests.
        var email = $"firstname.lastname.{tag}@security-operations.example-corporation.com";
        var address = $"185.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        var now = DateTimeOffset.UtcNow;
        var alerts = new List<JsonObject>();
        for (var i = 0; i < 6; i++)
        {
            var alert = Documents.Alert(rule: i % 2 == 0 ? $"{LongRule} {tag}" : $"Brute force {tag}", severity: i % 3 == 0 ? "critical" : "medium",
                host: $"web-{i:00}-{tag}.eu-west-1.compute.internal", at: now.AddSeconds(-i));
            alert["kibana.alert.reason"] = $"authentication event by {email} on web-prod-{i:00} created {tag} high alert after 37 failures in 60 s";
            alert["kibana.alert.risk_score"] = 47 + i;
            alert["user"] = new JsonObject { ["name"] = email };
            alert["source"] = new JsonObject { ["ip"] = address };
            alert["threat"] = new JsonArray(new JsonObject { ["tactic"] = new JsonObject { ["name"] = "Credential Access" } });
            alerts.Add(alert);
        }
        await Documents.PostAsync(fixture.App.Client(), alerts.ToArray());
    }

    public static TheoryData<int> Widths => new() { 800, 1024, 1440, 1920 };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Board_FitsTheWidth_WithTheDrawerClosedAndOpen_InBothThemes(int width)
    {
        var tag = "layout" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(tag);
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var (page, board) = await OpenAsync(tag, width, scheme);
            await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(6);
            var theme = scheme == ColorScheme.Dark ? "dark" : "light";

            AssertFits(await BoardGeometry.MeasureAsync(page), width, drawerOpen: false);
            await AssertActionBarLabelsOnOneLineAsync(page, $"{width} px, drawer closed");
            await ShotAsync(page, $"layout-{width}-{theme}-drawer-closed");

            await board.List.GetByRole(AriaRole.Option).First.ClickAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Alert details" })).ToBeVisibleAsync();
            var open = await BoardGeometry.MeasureAsync(page);
            AssertFits(open, width, drawerOpen: true);
            // Below the breakpoint the drawer lies over the list instead of squeezing it; above, it sits beside it.
            Assert.Equal(width < 1280, open.Overlay);
            // The bar now names the row ("Row: <long rule name>", "Acknowledge this alert"): still one line per label.
            await AssertActionBarLabelsOnOneLineAsync(page, $"{width} px, drawer open");
            await ShotAsync(page, $"layout-{width}-{theme}-drawer-open");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task FoldedRepeatCounter_StaysInView_BesideALongRuleName()
    {
        var tag = "fold" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        // Same rule and host: the same fingerprint, so the two fold into one line with "×2".
        await Documents.PostAsync(fixture.App.Client(),
            Documents.Alert(rule: $"{LongRule} {tag}", host: "web-prod-01", at: now), Documents.Alert(rule: $"{LongRule} {tag}", host: "web-prod-01", at: now.AddSeconds(-1)));
        var (page, board) = await OpenAsync(tag, 800, ColorScheme.Light);
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Switch, new() { Name = "Fold repeats" }).CheckAsync();

        var counter = board.List.Locator(".alert-repeats");
        await Expect(counter).ToHaveTextAsync("×2");
        Assert.True(await BoardGeometry.IsNotClippedAsync(page, ".board-list .alert-repeats"), "the ×2 counter is clipped out of view");
        await Expect(board.List.Locator(".alert-rule")).ToHaveAttributeAsync("title", $"{LongRule} {tag}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Drawer_WrapsEmailsAtTheirSeparators_AndShowsWholeRelatedRuleNamesWithTheReason()
    {
        var tag = "drawer" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(tag);
        var (page, board) = await OpenAsync(tag, 800, ColorScheme.Light);
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(6);
        await board.List.GetByRole(AriaRole.Option).First.ClickAsync();
        await page.Keyboard.PressAsync("Enter");
        var drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Alert details" });
        await Expect(drawer).ToBeVisibleAsync();

        // The email wraps (the drawer is narrower than it), and only at a separator: never inside a word.
        var breaks = await BoardGeometry.LineBreaksAsync(page, "User");
        Assert.NotEmpty(breaks);
        Assert.All(breaks, b => Assert.True(b[0] is '@' or '-' or '/' || b[1] is '.' or '_', $"the email breaks inside a word: \"{b}\""));

        await drawer.GetByRole(AriaRole.Tab, new() { Name = "Related (5)" }).ClickAsync();
        var rules = drawer.Locator(".related-rule");
        await Expect(rules).ToHaveCountAsync(5);
        await Expect(rules.First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^({System.Text.RegularExpressions.Regex.Escape(LongRule)}|Brute force) {tag}$"));
        // Whole names: nothing cut off, whatever their length.
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('.related-rule')].every(e => e.scrollWidth <= e.clientWidth + 1 && getComputedStyle(e).textOverflow !== 'ellipsis')"));
        await Expect(drawer.Locator(".related-reason").First).ToContainTextAsync("same user");
        await ShotAsync(page, "layout-800-light-drawer-related");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ActionBar_WithThreeChecked_At800_KeepsEachLabelOnOneLine_AndTheGroupedViewFits()
    {
        var tag = "bar" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(tag);
        var (page, board) = await OpenAsync(tag, 800, ColorScheme.Light);
        await Expect(board.List.GetByRole(AriaRole.Option)).ToHaveCountAsync(6);

        foreach (var _ in Enumerable.Range(0, 3))
        {
            await page.Keyboard.PressAsync("j");
            await page.Keyboard.PressAsync("x");
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge 3 selected" })).ToBeVisibleAsync();
        await AssertActionBarLabelsOnOneLineAsync(page, "800 px, three checked");
        await ShotAsync(page, "layout-800-light-three-selected");

        await board.ShowAsync("Grouped");
        await page.GetByRole(AriaRole.Button, new() { Name = "Host", Exact = true }).ClickAsync();
        await Expect(page.Locator(".group")).ToHaveCountAsync(6);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), "the grouped view scrolls sideways");
        // The group's key (a long host name here) keeps room to be read: beside the actions it was squeezed to "w..".
        var keyWidths = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('.group-key')].map(e => e.getBoundingClientRect().width)");
        Assert.All(keyWidths, w => Assert.True(w >= 160, $"a group key is {w:0} px wide"));
        await ShotAsync(page, "layout-800-light-grouped");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KanbanHeaders_KeepTheTitleApartFromTheCount_At800()
    {
        var tag = "kanban" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync(tag);
        var (page, _) = await OpenAsync(tag, 800, ColorScheme.Light);

        await page.GetByRole(AriaRole.Button, new() { Name = "Kanban" }).ClickAsync();

        await Expect(page.Locator(".kanban-header")).ToHaveCountAsync(4);
        // Either a visible gap between "Acknowledged" and "0 / 25", or the count on a line of its own: never "Acknowledged0 / 25".
        var apart = await page.EvaluateAsync<bool[]>("""
            () => [...document.querySelectorAll('.kanban-header')].map(h => {
                const [title, count] = [...h.children].map(c => c.getBoundingClientRect());
                return count.left - title.right >= 4 || count.top >= title.bottom - 1;
            })
            """);
        Assert.All(apart, Assert.True);
        // Nothing on a card runs past the card's edge (the assignee used to, beside a long host name).
        Assert.True(await page.EvaluateAsync<bool>("""
            () => [...document.querySelectorAll('.kanban-card')].every(card => {
                const edge = card.getBoundingClientRect().right;
                return [...card.querySelectorAll('.kanban-meta > *')].every(e => e.getBoundingClientRect().right <= edge + 0.5);
            })
            """), "a card's text runs past its edge");
        // A long rule name takes at most three lines of a card, and the whole name is in its title.
        await Expect(page.Locator(".kanban-rule").Filter(new() { HasText = "Credential stuffing" }).First).ToHaveAttributeAsync("title", $"{LongRule} {tag}");
        Assert.True(await page.EvaluateAsync<bool>("""
            () => [...document.querySelectorAll('.kanban-rule')].every(e => e.getBoundingClientRect().height <= 3 * parseFloat(getComputedStyle(e).lineHeight) + 1)
            """), "a card's rule name runs over three lines");
        await ShotAsync(page, "layout-800-light-kanban");
        await page.Context.CloseAsync();
    }

    private static Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ShotsDirectory);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ShotsDirectory, name + ".png") });
    }

    /// <summary>The action bar's target and each button label sit on one line: never a label broken over two.</summary>
    private static async Task AssertActionBarLabelsOnOneLineAsync(IPage page, string context)
    {
        var wrapped = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.triage-actions .triage-target, .triage-actions button .mud-button-label')].filter(e => {
                const style = getComputedStyle(e);
                const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3;
                return e.getBoundingClientRect().height > line * 1.5;
            }).map(e => e.textContent.trim())
            """);
        Assert.True(wrapped.Length == 0, $"{context}: wrapped over lines: {string.Join(" | ", wrapped)}");
    }

    private static void AssertFits(BoardGeometry.Layout layout, int width, bool drawerOpen)
    {
        var context = $"{width} px, drawer {(drawerOpen ? "open" : "closed")}";
        Assert.True(layout.PageScrollWidth <= width, $"{context}: the page scrolls sideways ({layout.PageScrollWidth} > {width})");
        Assert.True(layout.ListScrollWidth <= layout.ListClientWidth, $"{context}: the list scrolls sideways ({layout.ListScrollWidth} > {layout.ListClientWidth})");

        // Header i is the title of cell i of the first row: same count, same x-range.
        Assert.Equal(layout.Headers.Length, layout.Cells.Length);
        for (var i = 0; i < layout.Headers.Length; i++)
        {
            var (header, cell) = (layout.Headers[i], layout.Cells[i]);
            Assert.True(Math.Abs(header.Left - cell.Left) <= 1 && Math.Abs(header.Right - cell.Right) <= 1,
                $"{context}: header '{header.Text}' spans {header.Left:0}–{header.Right:0}, its cells {cell.Left:0}–{cell.Right:0}");
            Assert.True(header.ContentWidth <= header.Right - header.Left + 1, $"{context}: header '{header.Text}' overflows its box");
            if (i > 0)
            {
                Assert.True(layout.Headers[i - 1].Right <= header.Left + 0.5, $"{context}: header '{layout.Headers[i - 1].Text}' runs into '{header.Text}'");
            }
            Assert.True(header.Right <= layout.ListRight + 0.5, $"{context}: header '{header.Text}' is cut off by the list's edge");
        }

        var rule = Assert.Single(layout.Headers, h => h.Text == "Rule");
        Assert.True(rule.Right - rule.Left >= RuleMinimum, $"{context}: the rule column is {rule.Right - rule.Left:0} px wide");
        var sla = Assert.Single(layout.Headers, h => h.Text == "SLA");
        Assert.True(layout.Cells[Array.IndexOf(layout.Headers, sla)].Right <= layout.ListRight + 0.5, $"{context}: SLA is cut off");

        if (drawerOpen)
        {
            Assert.NotNull(layout.Drawer);
            if (layout.Overlay)
            {
                Assert.True(layout.DrawerOnTop, $"{context}: the list shows through the drawer");
            }
            else
            {
                Assert.True(layout.ListRight <= layout.Drawer.Left, $"{context}: the list runs into the drawer");
                Assert.All(layout.Headers, h => Assert.True(h.Right <= layout.Drawer.Left, $"{context}: header '{h.Text}' runs into the drawer"));
            }
        }
    }

}
