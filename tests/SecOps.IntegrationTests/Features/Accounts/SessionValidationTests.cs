using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue #12: the check open circuits run every minute (the revalidation hook, called directly rather than waited for),
/// and the administrator's "end this person's sessions".
/// </summary>
public sealed class SessionValidationTests(SessionValidationTests.App app) : IClassFixture<SessionValidationTests.App>
{
    private const string Password = "Session-Tests-Password-9";

    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000" });

    private async Task<(SecOpsUser User, ClaimsPrincipal Principal)> SignedInAsync(string role, string? totpKey = null)
    {
        var user = await AccountClient.CreateUserAsync(app, $"{role}-{Guid.NewGuid():N}@example.test", Password, role, totpKey);
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<SecOpsUser>>();
        return (user, await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(user.Id))!));
    }

    private Task<bool> IsCurrentAsync(ClaimsPrincipal principal) => app.Get<SessionValidation>().IsCurrentAsync(principal, CancellationToken.None);

    private async Task ChangeAsync(string userId, Func<UserManager<SecOpsUser>, SecOpsUser, Task> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        await change(users, (await users.FindByIdAsync(userId))!);
    }

    [Fact]
    public void RevalidationInterval_IsWithinTwoMinutes_ForCircuitsAndCookiesAlike()
    {
        var interval = app.Get<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.RevalidationInterval;
        Assert.InRange(interval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        Assert.Equal(interval, app.Get<Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval);
    }

    [Fact]
    public async Task UnchangedAccount_StaysSignedIn()
    {
        var (_, principal) = await SignedInAsync(Roles.Analyst);

        Assert.True(await IsCurrentAsync(principal));
    }

    [Fact]
    public async Task DisabledAccount_EndsTheSession()
    {
        var (user, principal) = await SignedInAsync(Roles.Analyst);

        await ChangeAsync(user.Id, (users, u) => users.SetLockoutEndDateAsync(u, DateTimeOffset.MaxValue));

        Assert.False(await IsCurrentAsync(principal));
    }

    [Fact]
    public async Task ChangedRole_EndsTheSession()
    {
        var (user, principal) = await SignedInAsync(Roles.Manager);

        await ChangeAsync(user.Id, (users, u) => users.AddToRoleAsync(u, Roles.Analyst));

        Assert.False(await IsCurrentAsync(principal));
    }

    [Fact]
    public async Task RoleThatRequiresMfa_GrantedToSomeoneWithout_EndsTheSession()
    {
        var (user, principal) = await SignedInAsync(Roles.Analyst);

        await ChangeAsync(user.Id, async (users, u) =>
        {
            await users.RemoveFromRoleAsync(u, Roles.Analyst);
            await users.AddToRoleAsync(u, Roles.Responder);
        });
        // Even a principal carrying the new role (a fresh cookie) is not current while MFA is missing.
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<SecOpsUser>>();
        var fresh = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(user.Id))!);

        Assert.False(await IsCurrentAsync(principal));
        Assert.False(await IsCurrentAsync(fresh));
        Assert.True(app.Get<MfaPolicy>().MustEnrol(fresh));
    }

    [Fact]
    public async Task AdministratorEndingSessions_EndsThemAndIsAudited()
    {
        var (user, principal) = await SignedInAsync(Roles.Responder, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        var admin = new Actor("admin-1", "admin", PermissionTable.ForRole(Roles.Admin).ToHashSet());
        Assert.True(await IsCurrentAsync(principal));

        Assert.True(await app.Get<UserSessions>().EndAsync(admin, user.Id, CancellationToken.None));

        Assert.False(await IsCurrentAsync(principal));
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditRecords.AnyAsync(r => r.ActorId == "admin-1" && r.Action == "account.sessions-ended"
            && r.Target == "user:" + user.Id && r.Outcome == AuditOutcome.Success));
    }

    [Fact]
    public async Task EndingSessions_WithoutUsersManage_IsRefusedAndAudited()
    {
        var (user, principal) = await SignedInAsync(Roles.Analyst);
        var responder = new Actor("responder-1", "responder", PermissionTable.ForRole(Roles.Responder).ToHashSet());

        await Assert.ThrowsAsync<AccessDeniedException>(() => app.Get<UserSessions>().EndAsync(responder, user.Id, CancellationToken.None));

        Assert.True(await IsCurrentAsync(principal));
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditRecords.AnyAsync(r => r.ActorId == "responder-1" && r.Action == "account.sessions-ended" && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task SigningOut_EndsEveryOtherSessionOfThatPerson()
    {
        var email = $"analyst-{Guid.NewGuid():N}@example.test";
        var user = await AccountClient.CreateUserAsync(app, email, Password, Roles.Analyst);
        using var tab = new AccountClient(app);
        await tab.SubmitPasswordAsync(email, Password);
        ClaimsPrincipal other;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<SecOpsUser>>();
            other = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(user.Id))!);
        }
        Assert.True(await IsCurrentAsync(other));

        var board = await tab.GetAsync("/triage");
        var token = System.Text.RegularExpressions.Regex.Match(board.Html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signOut = await tab.PostRawAsync("/account/logout", new Dictionary<string, string> { ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token) });

        Assert.Equal("/account/login", signOut.Location);
        Assert.False(tab.HasCookie("secops.auth"));
        Assert.False(await IsCurrentAsync(other));
    }
}
