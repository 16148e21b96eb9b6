using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>Issue #12: a role that requires MFA goes from the password straight to enrolment, and nowhere else.</summary>
public sealed partial class MfaEnrolmentTests(MfaEnrolmentTests.App app) : IClassFixture<MfaEnrolmentTests.App>
{
    public const string Password = "Enrolment-Tests-Pw-0123";

    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000" });

    [GeneratedRegex("aria-label=\"Authenticator key\">([a-z2-7 ]+)</p>")]
    private static partial Regex KeyText();

    [GeneratedRegex("<li>([A-Z0-9-]+)</li>")]
    private static partial Regex RecoveryCode();

    private static string Email(string name) => $"{name}-{Guid.NewGuid():N}@example.test";

    [Fact]
    public async Task Responder_WithoutMfa_IsHeldInEnrolmentAndReachesNothingElse()
    {
        var email = Email("responder");
        await AccountClient.CreateUserAsync(app, email, Password, Roles.Responder);
        using var browser = new AccountClient(app);

        var signIn = await browser.SubmitPasswordAsync(email, Password, "/triage");

        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        Assert.StartsWith(MfaEnrolmentGate.EnrolPath + "?returnUrl=%2Ftriage", signIn.Location);
        Assert.False(browser.HasCookie("secops.auth"));
        Assert.True(browser.HasCookie("secops.enrol"));
        var board = await browser.GetAsync("/triage");
        Assert.StartsWith("/account/login", board.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/alerts")).Status);
    }

    [Fact]
    public async Task Enrolment_ShowsQrCodeAndKey_ConfirmsWithACode_ShowsTenRecoveryCodesOnce_AndSignsIn()
    {
        var email = Email("admin");
        var user = await AccountClient.CreateUserAsync(app, email, Password, Roles.Admin);
        using var browser = new AccountClient(app);
        await browser.SubmitPasswordAsync(email, Password, "/triage");

        var page = await browser.GetAsync(MfaEnrolmentGate.EnrolPath + "?returnUrl=%2Ftriage");
        Assert.Contains("src=\"data:image/png;base64,", page.Html);
        var key = KeyText().Match(page.Html).Groups[1].Value;
        Assert.Equal(await StoredKeyAsync(user.Id), key.Replace(" ", "").ToUpperInvariant());
        // The key is not re-made on a second look.
        Assert.Contains(key, (await browser.GetAsync(MfaEnrolmentGate.EnrolPath)).Html);

        var confirmed = await browser.ConfirmEnrolmentAsync(AccountClient.Totp(key), MfaEnrolmentGate.EnrolPath + "?returnUrl=%2Ftriage");

        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        var codes = RecoveryCode().Matches(confirmed.Html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.Contains("href=\"/triage\"", confirmed.Html);
        Assert.True(browser.HasCookie("secops.auth"));
        Assert.False(browser.HasCookie("secops.enrol"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/triage")).Status);
        var again = await browser.GetAsync(MfaEnrolmentGate.EnrolPath);
        Assert.Contains("already on", again.Html);
        Assert.DoesNotContain(codes[0], again.Html);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var stored = (await users.FindByIdAsync(user.Id))!;
        Assert.True(stored.TwoFactorEnabled);
        Assert.Equal(10, await users.CountRecoveryCodesAsync(stored));
        Assert.True(await AuditedAsync(user.Id, "account.mfa-enrolled", AuditOutcome.Success));
    }

    [Fact]
    public async Task Enrolment_WithAWrongCode_StaysHeld_IsAudited_AndNeverEchoesTheCode()
    {
        var email = Email("responder");
        var user = await AccountClient.CreateUserAsync(app, email, Password, Roles.Responder);
        using var browser = new AccountClient(app);
        await browser.SubmitPasswordAsync(email, Password);
        var key = KeyText().Match((await browser.GetAsync(MfaEnrolmentGate.EnrolPath)).Html).Groups[1].Value;
        var wrong = ((int.Parse(AccountClient.Totp(key)) + 500_000) % 1_000_000).ToString("D6");

        var answer = await browser.ConfirmEnrolmentAsync(wrong);

        Assert.Contains("The code is not right.", answer.Html);
        Assert.DoesNotContain(wrong, answer.Html);
        Assert.False(browser.HasCookie("secops.auth"));
        Assert.True(await AuditedAsync(user.Id, "account.mfa-enrol", AuditOutcome.Failed));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False((await scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>().FindByIdAsync(user.Id))!.TwoFactorEnabled);
    }

    [Fact]
    public async Task Analyst_WhoseRoleDoesNotRequireMfa_SignsInWithThePasswordAlone()
    {
        var email = Email("analyst");
        await AccountClient.CreateUserAsync(app, email, Password, Roles.Analyst);
        using var browser = new AccountClient(app);

        var signIn = await browser.SubmitPasswordAsync(email, Password, "/triage");

        Assert.Equal("/triage", signIn.Location);
        Assert.True(browser.HasCookie("secops.auth"));
    }

    [Fact]
    public async Task EnrolmentPage_WithoutAPasswordStep_SendsToSignIn()
    {
        using var browser = new AccountClient(app);

        var page = await browser.GetAsync(MfaEnrolmentGate.EnrolPath);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/account/login", page.Location);
        Assert.DoesNotContain("data:image/png", page.Html);
    }

    private async Task<string?> StoredKeyAsync(string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        return await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(userId))!);
    }

    private async Task<bool> AuditedAsync(string actorId, string action, AuditOutcome outcome)
    {
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.AuditRecords.AnyAsync(r => r.ActorId == actorId && r.Action == action && r.Outcome == outcome);
    }
}

/// <summary>The roles that require MFA come from configuration.</summary>
public sealed class MfaRequiredRolesConfigurationTests
{
    [Fact]
    public async Task MfaRequiredRoles_NamingAnalyst_HoldsAnalystsAndFreesAdministrators()
    {
        using var app = new SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:MfaRequiredRoles"] = "analyst" });
        await AccountClient.CreateUserAsync(app, "ana@example.test", MfaEnrolmentTests.Password, Roles.Analyst);
        await AccountClient.CreateUserAsync(app, "adm@example.test", MfaEnrolmentTests.Password, Roles.Admin);
        using var analyst = new AccountClient(app);
        using var admin = new AccountClient(app);

        var held = await analyst.SubmitPasswordAsync("ana@example.test", MfaEnrolmentTests.Password);
        var free = await admin.SubmitPasswordAsync("adm@example.test", MfaEnrolmentTests.Password);

        Assert.StartsWith(MfaEnrolmentGate.EnrolPath, held.Location);
        Assert.False(analyst.HasCookie("secops.auth"));
        Assert.Equal("/", free.Location);
        Assert.True(admin.HasCookie("secops.auth"));
    }
}
