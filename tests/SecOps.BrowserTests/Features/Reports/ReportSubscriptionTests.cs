using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Reports;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Reports;

/// <summary>
/// "Email me this report" on /reports, clicked by a manager: subscribing stores their subscription and the page says
/// when the report comes; unsubscribing removes it. Its own app, with a mail server configured (the section offers
/// nothing without one); nothing falls due during the test, so no mail server needs to listen (sending is
/// ReportDeliveryTests' part).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReportSubscriptionTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const string Email = "subscribing-manager@example.test";
    private const string Password = "Browser-Tests-Password-2";
    private SecOpsApp _app = default!;

    public Task InitializeAsync()
    {
        var settings = BrowserFixture.AdminSettings();
        settings["SecOps:Automation:Smtp:Host"] = "127.0.0.1";
        settings["SecOps:Automation:Smtp:Port"] = "2525";
        settings["SecOps:Automation:Smtp:Security"] = "None";
        settings["SecOps:Automation:Smtp:From"] = "secops@example.test";
        _app = new SecOpsApp(settings);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<ReportSubscription?> StoredAsync(string userId)
    {
        await using var db = TestStore.Open(_app.DataDirectory);
        return await db.ReportSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId);
    }

    [Fact]
    public async Task Manager_SubscribesMonthlyOnThe31st_AndUnsubscribes_FromTheReportPage()
    {
        var manager = await AccountClient.CreateUserAsync(_app, Email, Password, Roles.Manager);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _app.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await BrowserFixture.SubmitPasswordAsync(page, Email, Password);
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));

        await page.GotoAsync("/reports?days=7");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Email me this report" });
        await Expect(section).ToHaveAttributeAsync("data-ready", "true");
        await section.GetByLabel("How often").SelectOptionAsync(new SelectOptionValue { Label = "Monthly (the last calendar month)" });
        await section.GetByLabel("Day of the month").SelectOptionAsync("31");
        await section.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Expect(section).ToHaveAttributeAsync("data-subscription", "on");
        await Expect(section).ToContainTextAsync("You receive this report monthly on day 31 (or the month's last day) (the last calendar month)");
        var stored = await StoredAsync(manager.Id);
        Assert.NotNull(stored);
        Assert.Equal((ReportCadence.Monthly, 31, ReportPeriod.LastCalendarMonth, "UTC"), (stored.Cadence, stored.Day, stored.Period, stored.TimeZone));
        await BrowserFixture.ScreenshotAsync(page, "report-subscribed");

        await section.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();

        await Expect(section).ToHaveAttributeAsync("data-subscription", "none");
        await Expect(section.GetByRole(AriaRole.Button, new() { Name = "Subscribe" })).ToBeVisibleAsync();
        Assert.Null(await StoredAsync(manager.Id));
        await context.CloseAsync();
    }
}
