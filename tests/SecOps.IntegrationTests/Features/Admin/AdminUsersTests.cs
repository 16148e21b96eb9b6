using System.Net;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Admin;

/// <summary>The users and API keys pages' operations on the real store: what they list, what they change, what they audit.</summary>
public sealed class AdminUsersTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheList_ShowsEachPersonsRole_Teams_MfaAndDisabledState_OnlyToAdministrators()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin, mfa: true);
        var (ron, _) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder);
        var team = await _app.Get<SecOps.Web.Features.Teams.Teams>().CreateAsync(ada, "CSIRT", CancellationToken.None);
        await _app.Get<SecOps.Web.Features.Teams.Teams>().AddMemberAsync(ada, team.TeamId, ron.Id, CancellationToken.None);
        await _app.Get<AdminUsers>().SetDisabledAsync(ada, ron.Id, true, CancellationToken.None);

        var rows = (await _app.Get<AdminUsers>().ListAsync(ada, CancellationToken.None)).ToDictionary(u => u.Id);

        Assert.Equal((Roles.Admin, "", true, false), (rows[ada.Id].Role, rows[ada.Id].Teams, rows[ada.Id].MfaEnabled, rows[ada.Id].Disabled));
        Assert.Equal((Roles.Responder, "CSIRT", false, true), (rows[ron.Id].Role, rows[ron.Id].Teams, rows[ron.Id].MfaEnabled, rows[ron.Id].Disabled));
        // Least privilege: anyone else is refused the list, and the refusal is audited.
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<AdminUsers>().ListAsync(ron, CancellationToken.None));
        Assert.Contains($"{ron.Id} account.list  Refused", await AdminPeople.TrailAsync(_app));
    }

    [Fact]
    public async Task DisablingAPerson_RefusesTheirSignIn_AndEndsTheirSession_EnablingLetsThemBackIn()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (ron, ronUser) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Manager);
        using var before = new AccountClient(_app);
        Assert.Equal("/", (await before.SubmitPasswordAsync(ronUser.Email!, AdminPeople.Password)).Location);

        var disabled = await _app.Get<AdminUsers>().SetDisabledAsync(ada, ron.Id, true, CancellationToken.None);

        Assert.Equal(AdminOutcome.Applied, disabled.Outcome);
        using (var during = new AccountClient(_app))
        {
            var refused = await during.SubmitPasswordAsync(ronUser.Email!, AdminPeople.Password);
            Assert.False(during.HasCookie("secops.auth"), refused.Location);
        }
        // The stamp changed, so the cookie taken before is no longer current.
        Assert.NotEqual(ronUser.SecurityStamp, (await AdminPeople.FindAsync(_app, ron.Id))!.SecurityStamp);

        await _app.Get<AdminUsers>().SetDisabledAsync(ada, ron.Id, false, CancellationToken.None);

        using var after = new AccountClient(_app);
        Assert.Equal("/", (await after.SubmitPasswordAsync(ronUser.Email!, AdminPeople.Password)).Location);
        Assert.Equal([$"{ada.Id} account.disable user:{ron.Id} Success", $"{ada.Id} account.enable user:{ron.Id} Success"],
            await AdminPeople.TrailAsync(_app, r => r.Action is "account.disable" or "account.enable"));
    }

    [Fact]
    public async Task ChangingANonAdministratorRole_AppliesAtOnce_EvenWithTwoAdministrators_AndIsAudited()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        var (ron, ronUser) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder);

        var result = await _app.Get<AdminUsers>().SetRoleAsync(ada, ron.Id, Roles.Analyst, CancellationToken.None);

        Assert.Equal(AdminOutcome.Applied, result.Outcome);
        Assert.Equal([Roles.Analyst], await AdminPeople.RolesAsync(_app, ron.Id));
        Assert.NotEqual(ronUser.SecurityStamp, (await AdminPeople.FindAsync(_app, ron.Id))!.SecurityStamp);
        Assert.Contains($"{ada.Id} account.role user:{ron.Id} Success", await AdminPeople.TrailAsync(_app));
    }

    [Fact]
    public async Task RevokingAnApiKey_RefusesItsNextRequest_AndIsListedAndAudited()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var keys = _app.Get<ApiKeys>();
        var issued = await keys.CreateAsync(ada, "siem", [PermissionTable.ScopeRead], TimeSpan.FromDays(30), CancellationToken.None);
        using var client = _app.Client(issued.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/alerts")).StatusCode);

        Assert.True(await keys.RevokeAsync(ada, issued.Id, CancellationToken.None));
        var again = await keys.RevokeAsync(ada, issued.Id, CancellationToken.None);

        Assert.False(again);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/alerts")).StatusCode);
        var listed = (await keys.ListAsync(ada, CancellationToken.None)).Single(k => k.Id == issued.Id);
        Assert.NotNull(listed.RevokedAt);
        Assert.Equal([$"{ada.Id} api-key.revoke apikey:{issued.Id} Success", $"{ada.Id} api-key.revoke apikey:{issued.Id} Failed"],
            await AdminPeople.TrailAsync(_app, r => r.Action == "api-key.revoke"));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.ApiKeys.CountAsync(k => k.RevokedAt != null));
    }

    [Fact]
    public async Task EndingAPersonsSessions_ThroughTheUsersPage_ChangesTheirStamp_AndIsAudited()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (ron, ronUser) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Analyst);

        var result = await _app.Get<AdminUsers>().EndSessionsAsync(ada, ron.Id, CancellationToken.None);

        Assert.Equal(AdminOutcome.Applied, result.Outcome);
        Assert.NotEqual(ronUser.SecurityStamp, (await AdminPeople.FindAsync(_app, ron.Id))!.SecurityStamp);
        Assert.Contains($"{ada.Id} account.sessions-ended user:{ron.Id} Success", await AdminPeople.TrailAsync(_app));
        Assert.DoesNotContain(await AdminPeople.TrailAsync(_app), r => r.EndsWith(nameof(AuditOutcome.Refused), StringComparison.Ordinal));
    }
}
