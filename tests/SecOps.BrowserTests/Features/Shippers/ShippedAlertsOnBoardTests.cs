using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Shippers;
using SecOps.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Shippers;

/// <summary>A real shipper end to end: a log line tailed by rsyslog (omelasticsearch) shows up on an open board.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ShippedAlertsOnBoardTests(BrowserFixture fixture) : IAsyncLifetime
{
    private IPage _page = default!;
    private TriageBoard _board = default!;

    public async Task InitializeAsync()
    {
        _page = await fixture.SignedInPageAsync();
        _board = new TriageBoard(_page);
        await _board.OpenAsync();
        await _page.EvaluateAsync("() => { window.__noReload = true; }");
    }

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task LogLineShippedByRsyslog_AppearsOnTheOpenBoardWithoutReload()
    {
        var key = await fixture.App.CreateApiKeyAsync(PermissionTable.ScopeIngest);
        using var rsyslog = await RsyslogShipper.StartAsync(new Uri(fixture.App.BaseAddress, "/api/v1/elastic"), key);
        var host = "edge-" + Guid.NewGuid().ToString("N")[..8];

        rsyslog.Append($"{host} sshd[4242]: Failed password for invalid user oracle from 203.0.113.77 port 41000 ssh2");

        var row = _board.List.GetByRole(AriaRole.Option).Filter(new() { HasText = host });
        // rsyslog batches and ships on its own schedule; the wait is generous, the assertion is only that it arrives.
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(row).ToContainTextAsync("SSH failed password");
        await Expect(row.Locator(".severity-chip")).ToHaveTextAsync("high");
        await Expect(row.Locator(".alert-entity")).ToHaveTextAsync(host);
        Assert.True(await _page.EvaluateAsync<bool>("() => window.__noReload === true"));
        await BrowserFixture.ScreenshotAsync(_page, "board-rsyslog");
    }
}
