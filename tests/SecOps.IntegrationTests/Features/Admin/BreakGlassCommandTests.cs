using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Admin;

/// <summary>
/// Issue #12, break glass: <c>admin recover</c> brings a locked-out last administrator back (enabled, unlocked, MFA reset,
/// sessions ended, optionally a new password from standard input), is audited, and recovers nobody but an existing administrator.
/// </summary>
public sealed class BreakGlassCommandTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(int Exit, string Output)> RunAsync(string input, params string[] args)
    {
        Assert.True(BreakGlassCommand.Matches(["admin", "recover", .. args], out var arguments, out _));
        var output = new StringWriter();
        var exit = await BreakGlassCommand.RunAsync(_app.Services, arguments, new StringReader(input), output, CancellationToken.None);
        return (exit, output.ToString());
    }

    [Fact]
    public void TheCommand_TakesItsOwnOptions_AndLeavesTheRestToTheHost()
    {
        Assert.True(BreakGlassCommand.Matches(["admin", "recover", "--email", "a@example.test", "--SecOps:DataDirectory=/data", "--password-stdin"], out var arguments, out var host));

        Assert.Equal(new BreakGlassCommand.Arguments("a@example.test", true), arguments);
        Assert.Equal(["--SecOps:DataDirectory=/data"], host);
        Assert.False(BreakGlassCommand.Matches(["audit", "verify"], out _, out var untouched));
        Assert.Equal(["audit", "verify"], untouched);
    }

    [Fact]
    public async Task ALockedOutLastAdministrator_IsRecovered_WithANewPasswordFromInput_AndTheRecoveryIsAudited()
    {
        var (ada, adaUser) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin, mfa: true);
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            // Disabled and locked out, as a lost authenticator and repeated failures leave an account.
            await db.Users.Where(u => u.Id == ada.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue).SetProperty(u => u.AccessFailedCount, 4));
        }
        const string newPassword = "Recovered-Admin-Password-9";

        var (exit, output) = await RunAsync(newPassword + "\n", "--email", adaUser.Email!, "--password-stdin");

        Assert.Equal(BreakGlassCommand.Done, exit);
        Assert.Contains("Recovered", output, StringComparison.Ordinal);
        Assert.DoesNotContain(newPassword, output, StringComparison.Ordinal);
        var after = (await AdminPeople.FindAsync(_app, ada.Id))!;
        Assert.Equal((null, 0, false), (after.LockoutEnd, after.AccessFailedCount, after.TwoFactorEnabled));
        Assert.NotEqual(adaUser.SecurityStamp, after.SecurityStamp);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
            Assert.True(await users.CheckPasswordAsync(after, newPassword));
            Assert.Null(await users.GetAuthenticatorKeyAsync(after));
        }
        await using var check = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var record = await check.AuditRecords.SingleAsync(r => r.Action == BreakGlassCommand.Action);
        Assert.Equal((BreakGlassCommand.Actor.Id, "user:" + ada.Id, AuditOutcome.Success), (record.ActorId, record.Target, record.Outcome));
        Assert.Contains("password set", record.Details, StringComparison.Ordinal);
        Assert.True((await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task SomeoneWhoIsNotAnAdministrator_IsNotRecovered_AndTheRefusalIsAudited()
    {
        var (ron, ronUser) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder, mfa: true);

        var (exit, output) = await RunAsync("", "--email", ronUser.Email!);
        var (usage, _) = await RunAsync("");

        Assert.Equal((BreakGlassCommand.Refused, BreakGlassCommand.Usage), (exit, usage));
        Assert.StartsWith("Refused", output, StringComparison.Ordinal);
        Assert.True((await AdminPeople.FindAsync(_app, ron.Id))!.TwoFactorEnabled);
        Assert.Equal([$"{BreakGlassCommand.Actor.Id} {BreakGlassCommand.Action}  Refused"], await AdminPeople.TrailAsync(_app, r => r.Action == BreakGlassCommand.Action));
    }

    [Fact]
    public async Task APasswordThePolicyRefuses_ChangesNothing()
    {
        var (ada, adaUser) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin, mfa: true);

        var (exit, output) = await RunAsync("short\n", "--email", adaUser.Email!, "--password-stdin");

        Assert.Equal(BreakGlassCommand.Refused, exit);
        Assert.StartsWith("Refused", output, StringComparison.Ordinal);
        Assert.True((await AdminPeople.FindAsync(_app, ada.Id))!.TwoFactorEnabled);
    }
}
