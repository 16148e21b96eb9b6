using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Components.Account;

/// <summary>Issue #12: the second step of sign-in takes a TOTP code or a recovery code, and can remember the device.</summary>
public sealed class LoginMfaPageTests(LoginMfaPageTests.App app) : IClassFixture<LoginMfaPageTests.App>
{
    private const string Password = "Second-Step-Tests-Pw-42";
    private const string Key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000" });

    private async Task<(SecOpsUser User, string Email)> EnrolledAsync(string role = Roles.Admin)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.test";
        return (await AccountClient.CreateUserAsync(app, email, Password, role, Key), email);
    }

    [Fact]
    public async Task EnrolledUser_AfterThePassword_NeedsTheCode_ThenReachesTheReturnUrl()
    {
        var (_, email) = await EnrolledAsync();
        using var browser = new AccountClient(app);

        var first = await browser.SubmitPasswordAsync(email, Password, "/triage");
        Assert.StartsWith("/account/login/mfa", first.Location);
        Assert.False(browser.HasCookie("secops.auth"));
        var second = await browser.SubmitCodeAsync(AccountClient.Totp(Key), page: first.Location!);

        Assert.Equal("/triage", second.Location);
        Assert.True(browser.HasCookie("secops.auth"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/triage")).Status);
    }

    [Fact]
    public async Task WrongCode_IsRefusedAudited_AndCountsTowardsLockout()
    {
        var (user, email) = await EnrolledAsync();
        using var browser = new AccountClient(app);
        await browser.SubmitPasswordAsync(email, Password);
        var wrong = ((int.Parse(AccountClient.Totp(Key)) + 500_000) % 1_000_000).ToString("D6");

        var answer = await browser.SubmitCodeAsync(wrong);

        Assert.Contains("The code is not right.", answer.Html);
        Assert.DoesNotContain(wrong, answer.Html);
        Assert.False(browser.HasCookie("secops.auth"));
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        Assert.Equal(1, await users.GetAccessFailedCountAsync((await users.FindByIdAsync(user.Id))!));
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditRecords.AnyAsync(r => r.ActorId == user.Id && r.Action == "account.mfa" && r.Outcome == AuditOutcome.Failed));
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce_AndNotASecondTime()
    {
        var (user, email) = await EnrolledAsync(Roles.Responder);
        string code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(user.Id))!, 10))!.First();
        }
        using var first = new AccountClient(app);
        using var second = new AccountClient(app);

        await first.SubmitPasswordAsync(email, Password);
        var used = await first.SubmitCodeAsync(code.ToLowerInvariant());
        await second.SubmitPasswordAsync(email, Password);
        var reused = await second.SubmitCodeAsync(code);

        Assert.Equal("/", used.Location);
        Assert.True(first.HasCookie("secops.auth"));
        Assert.Contains("The code is not right.", reused.Html);
        Assert.False(second.HasCookie("secops.auth"));
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditRecords.AnyAsync(r => r.ActorId == user.Id && r.Details == "with a recovery code, 9 left"));
        Assert.True(await db.AuditRecords.AnyAsync(r => r.ActorId == user.Id && r.Action == "account.mfa" && r.Details == "wrong recovery code"));
    }

    [Fact]
    public async Task RememberedDevice_SkipsTheSecondStepNextTime_UntilTheSessionsAreEnded()
    {
        var (user, email) = await EnrolledAsync();
        using var browser = new AccountClient(app);
        await browser.SubmitPasswordAsync(email, Password);
        await browser.SubmitCodeAsync(AccountClient.Totp(Key), rememberDevice: true);
        Assert.True(browser.HasCookie("secops.device"));

        var again = await browser.SubmitPasswordAsync(email, Password, "/triage");
        Assert.Equal("/triage", again.Location);

        await app.Get<UserSessions>().EndAsync(Actor.System, user.Id, CancellationToken.None);
        var afterEnd = await browser.SubmitPasswordAsync(email, Password, "/triage");
        Assert.StartsWith("/account/login/mfa", afterEnd.Location);
    }

    [Fact]
    public async Task SecondStep_WithoutThePasswordStep_SendsToSignIn()
    {
        using var browser = new AccountClient(app);

        var page = await browser.GetAsync("/account/login/mfa");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/account/login", page.Location);
    }
}
