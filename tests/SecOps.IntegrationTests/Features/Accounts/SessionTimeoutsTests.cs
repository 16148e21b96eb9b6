using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue #12: idle and absolute session timeouts (<c>SecOps:Accounts:IdleTimeout</c> / <c>AbsoluteTimeout</c>, here 30 min and
/// 2 h) on a fake clock: an unused session ends after the idle time, a used one lives on until the absolute limit, and an
/// open circuit's revalidation ends at the absolute limit too.
/// </summary>
public sealed class SessionTimeoutsTests : IDisposable
{
    private const string Password = "Timeout-Tests-Password-5";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    private readonly SecOpsApp _app;

    public SessionTimeoutsTests() => _app = new SecOpsApp(new Dictionary<string, string?>
    {
        ["SecOps:Accounts:IdleTimeout"] = "00:30:00",
        ["SecOps:Accounts:AbsoluteTimeout"] = "02:00:00",
        ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000",
    }, time: _time);

    public void Dispose() => _app.Dispose();

    private async Task<AccountClient> SignedInAsync()
    {
        var email = $"timeout-{Guid.NewGuid():N}@example.test";
        await AccountClient.CreateUserAsync(_app, email, Password, Roles.Analyst);
        var browser = new AccountClient(_app);
        Assert.Equal("/", (await browser.SubmitPasswordAsync(email, Password)).Location);
        return browser;
    }

    private static async Task<bool> IsSignedInAsync(AccountClient browser) =>
        (await browser.GetAsync("/account/alive")).Status == HttpStatusCode.NoContent;

    [Fact]
    public async Task UnusedSession_EndsAfterTheIdleTimeout()
    {
        using var browser = await SignedInAsync();

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await IsSignedInAsync(browser));
        _time.Advance(TimeSpan.FromMinutes(31));

        var answer = await browser.GetAsync("/account/alive");
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.StartsWith("/account/login", answer.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/triage")).Status);
    }

    [Fact]
    public async Task UsedSession_SlidesPastTheIdleTimeout_ButEndsAtTheAbsoluteTimeout()
    {
        using var browser = await SignedInAsync();

        // Used every 20 minutes: each request renews the idle window, for 1 h 40 in all.
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await IsSignedInAsync(browser), $"after {(i + 1) * 20} minutes of use");
        }
        _time.Advance(TimeSpan.FromMinutes(20));

        Assert.False(await IsSignedInAsync(browser));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).Status);
    }

    [Fact]
    public async Task OpenCircuit_EndsAtTheAbsoluteTimeout_OnItsNextRevalidation()
    {
        var validation = _app.Get<SessionValidation>();
        var user = await AccountClient.CreateUserAsync(_app, $"circuit-{Guid.NewGuid():N}@example.test", Password, Roles.Analyst);
        var principal = await PrincipalAsync(user);
        principal.Identities.First().AddClaim(new Claim(SessionTimeouts.SignedInClaim, _time.GetUtcNow().ToString("O")));

        _time.Advance(TimeSpan.FromMinutes(119));
        Assert.True(await validation.IsCurrentAsync(principal, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(await validation.IsCurrentAsync(principal, CancellationToken.None));
    }

    [Fact]
    public void Defaults_AreThirtyMinutesIdle_TwelveHoursAbsolute()
    {
        var defaults = new AccountOptions();

        Assert.Equal(TimeSpan.FromMinutes(30), defaults.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(12), defaults.AbsoluteTimeout);
    }

    private async Task<ClaimsPrincipal> PrincipalAsync(SecOpsUser user)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<SecOpsUser>>();
        return await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(user.Id))!);
    }
}
