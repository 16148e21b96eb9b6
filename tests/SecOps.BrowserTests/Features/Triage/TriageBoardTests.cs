using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Triage;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TriageBoardTests(BrowserFixture fixture) : IAsyncLifetime
{
    private IPage _page = default!;
    private TriageBoard _board = default!;
    private readonly List<string> _cspViolations = [];
    private readonly List<string> _dialogs = [];

    public async Task InitializeAsync()
    {
        _page = await fixture.SignedInPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _cspViolations.Add(message.Text);
            }
        };
        _page.Dialog += (_, dialog) =>
        {
            _dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        _board = new TriageBoard(_page);
        await _board.OpenAsync();
        // Flags set now would vanish on a reload: proof the board updated in place.
        await _page.EvaluateAsync("() => { window.__noReload = true; window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); }");
    }

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    private Task PostAsync(params JsonObject[] alerts) => Documents.PostAsync(fixture.App.Client(), alerts);

    [Fact]
    public async Task AlertPostedThroughTheApi_AppearsOnTheBoardWithoutReload()
    {
        var rule = Unique("Live arrival");

        await PostAsync(Documents.Alert(rule: rule, severity: "critical", host: "web-prod-01"));

        var row = _board.Row(rule);
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".severity-chip")).ToHaveTextAsync("critical");
        await Expect(row.Locator(".alert-entity")).ToHaveTextAsync("web-prod-01");
        Assert.True(await _page.EvaluateAsync<bool>("() => window.__noReload === true"));
        await BrowserFixture.ScreenshotAsync(_page, "board-live");
    }

    [Fact]
    public async Task SelectedRow_StaysSelectedWhileNewAlertsArrive()
    {
        var chosen = Unique("Chosen");
        await PostAsync(Documents.Alert(rule: chosen));
        await Expect(_board.Row(chosen)).ToBeVisibleAsync();
        await _board.Row(chosen).ClickAsync();
        await Expect(_board.Row(chosen)).ToHaveAttributeAsync("aria-selected", "true");

        var arrivals = Enumerable.Range(0, 5).Select(i => Unique("Arrival " + i)).ToList();
        foreach (var rule in arrivals)
        {
            await PostAsync(Documents.Alert(rule: rule));
        }

        await Expect(_board.Row(arrivals[^1])).ToBeVisibleAsync();
        await Expect(_board.SelectedRows).ToHaveCountAsync(1);
        await Expect(_board.Row(chosen)).ToHaveAttributeAsync("aria-selected", "true");
    }

    [Fact]
    public async Task HostileAlertFields_ShowAsTextAndNoScriptRuns()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var rule = $"<img src=x onerror=alert('{marker}')> {marker}";
        var alert = Documents.Alert(rule: rule, host: "\"><svg onload=alert(1)>");
        alert["kibana.alert.reason"] = "<script>alert(document.cookie)</script>";
        alert["user"] = new JsonObject { ["name"] = "<iframe src=javascript:alert(2)>" };

        await PostAsync(alert);

        var row = _board.Row(marker);
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".alert-rule")).ToHaveTextAsync(rule);
        await Expect(row.Locator(".alert-reason")).ToHaveTextAsync("<script>alert(document.cookie)</script>");
        await Expect(row.Locator(".alert-entity")).ToHaveTextAsync("\"><svg onload=alert(1)>");
        Assert.Equal(0, await _page.Locator("img[src=x], svg[onload], iframe").CountAsync());
        // Nothing in the list carries an event handler attribute, so no script can have run or run later.
        Assert.Equal(0, await _board.List.EvaluateAsync<int>("el => [...el.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"));
        Assert.Empty(_dialogs);
        await BrowserFixture.ScreenshotAsync(_page, "board-xss");
    }

    [Fact]
    public async Task BoardWithLiveUpdatesAndThemeToggle_HasNoContentSecurityPolicyViolation()
    {
        var rule = Unique("CSP check");
        await PostAsync(Documents.Alert(rule: rule));
        await Expect(_board.Row(rule)).ToBeVisibleAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" }).ClickAsync();
        await _page.GetByLabel("Search alerts").FillAsync("severity:high");
        await _page.GetByLabel("Search alerts").PressAsync("Enter");
        await Expect(_board.Row(rule)).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(_page, "board-dark");

        var violations = await _page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.Empty(violations);
        Assert.Empty(_cspViolations);
    }

    [Fact]
    public async Task TypingInTheSearch_KeepsEveryKeystroke_WhileAlertsArriveAndCompletionsOpen()
    {
        const string typed = "brute severity:critical AND host:web-prod-01 AND status:open AND rule:\"SQL injection\"";
        using var arrivals = new CancellationTokenSource();
        var posting = Task.Run(async () =>
        {
            // Bounded: stops when typing is done, and after 2,000 posts at most.
            for (var i = 0; i < 2000 && !arrivals.IsCancellationRequested; i++)
            {
                await PostAsync(Documents.Alert(rule: Unique("While typing")));
            }
        });

        var search = _page.GetByRole(AriaRole.Combobox, new() { Name = "Search alerts" });
        await search.PressSequentiallyAsync(typed);
        await arrivals.CancelAsync();
        await posting;

        await Expect(search).ToHaveValueAsync(typed);
        await search.PressAsync("Escape");
        await search.PressAsync("Enter");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=brute"));
        await Expect(search).ToHaveValueAsync(typed);
    }

    [Fact]
    public async Task ScrolledAwayAnalyst_SeesANewCountInsteadOfTheListMoving()
    {
        await PostAsync(Enumerable.Range(0, 60).Select(i => Documents.Alert(rule: Unique("Filler " + i), at: DateTimeOffset.UtcNow.AddMinutes(-30))).ToArray());
        await _page.ReloadAsync();
        await _board.OpenAsync();
        await Expect(_board.List.GetByRole(AriaRole.Option).First).ToBeVisibleAsync();
        await _board.List.EvaluateAsync("el => { el.scrollTop = 600; el.dispatchEvent(new Event('scroll')); }");
        // The server has taken note that the analyst scrolled away: from now on arrivals are counted, not inserted.
        await Expect(_board.List).ToHaveAttributeAsync("data-at-top", "false");
        var topRowBefore = await _board.List.EvaluateAsync<string>("el => document.elementFromPoint(el.getBoundingClientRect().left + 20, el.getBoundingClientRect().top + 10).closest('[data-alert-id]').dataset.alertId");

        var arrivals = Enumerable.Range(0, 3).Select(i => Unique("Above viewport " + i)).ToList();
        await PostAsync(arrivals.Select(r => Documents.Alert(rule: r)).ToArray());

        await Expect(_board.NewMarker).ToHaveTextAsync("3 new alerts · show");
        var topRowAfter = await _board.List.EvaluateAsync<string>("el => document.elementFromPoint(el.getBoundingClientRect().left + 20, el.getBoundingClientRect().top + 10).closest('[data-alert-id]').dataset.alertId");
        Assert.Equal(topRowBefore, topRowAfter);
        await BrowserFixture.ScreenshotAsync(_page, "board-new-marker");

        await _board.NewMarker.ClickAsync();
        await Expect(_board.Row(arrivals[0])).ToBeVisibleAsync();
        await Expect(_board.NewMarker).ToHaveCountAsync(0);
    }
}
