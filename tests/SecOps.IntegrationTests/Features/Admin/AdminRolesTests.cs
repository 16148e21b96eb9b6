using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;

namespace SecOps.IntegrationTests.Features.Admin;

/// <summary>The roles page's operations on the real store: each role's permissions and holders, granting and revoking under the users page's rules.</summary>
public sealed class AdminRolesTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheList_GivesEachRolesPermissionsFromThePermissionTable_AndWhoHoldsIt_OnlyToAdministrators()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (ron, _) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder);
        var (mia, _) = await AdminPeople.CreateAsync(_app, "Mia", Roles.Manager);

        var roles = (await _app.Get<AdminRoles>().ListAsync(ada, CancellationToken.None)).ToDictionary(r => r.Name);

        Assert.Equal(Roles.All, roles.Keys);
        foreach (var role in Roles.All)
        {
            Assert.Equal(PermissionTable.ForRole(role).Order(), roles[role].Permissions);
        }
        Assert.Equal([ada.Id], roles[Roles.Admin].Holders.Select(h => h.Id));
        Assert.Equal([ron.Id], roles[Roles.Responder].Holders.Select(h => h.Id));
        Assert.Equal([mia.Id], roles[Roles.Manager].Holders.Select(h => h.Id));
        Assert.Empty(roles[Roles.Analyst].Holders);
        Assert.Equal(new[] { ada.Id, mia.Id, ron.Id }.Order(), roles[Roles.Analyst].Others.Select(o => o.Id).Order());
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<AdminRoles>().ListAsync(ron, CancellationToken.None));
        Assert.Contains($"{ron.Id} role.list  Refused", await AdminPeople.TrailAsync(_app));
    }

    [Fact]
    public async Task GrantingAdmin_WithTwoAdministrators_WaitsForTheSecond_AndTheRoleListsThePersonAsWaiting_NotAsHolder()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        var (ron, _) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder);

        var result = await _app.Get<AdminUsers>().SetRoleAsync(ada, ron.Id, Roles.Admin, CancellationToken.None);

        Assert.Equal(AdminOutcome.Pending, result.Outcome);
        var admin = (await _app.Get<AdminRoles>().ListAsync(ada, CancellationToken.None)).Single(r => r.Name == Roles.Admin);
        Assert.DoesNotContain(ron.Id, admin.Holders.Select(h => h.Id));
        Assert.Equal([ron.Id], admin.Waiting.Select(w => w.Id));
        Assert.Equal([Roles.Responder], await AdminPeople.RolesAsync(_app, ron.Id));
    }

    [Fact]
    public async Task RevokingARole_TakesItAway_ChangesTheSecurityStamp_AndIsAudited()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (ron, ronUser) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder);

        var result = await _app.Get<AdminUsers>().RevokeRoleAsync(ada, ron.Id, Roles.Responder, CancellationToken.None);
        var again = await _app.Get<AdminUsers>().RevokeRoleAsync(ada, ron.Id, Roles.Responder, CancellationToken.None);

        Assert.Equal((AdminOutcome.Applied, AdminOutcome.Failed), (result.Outcome, again.Outcome));
        Assert.Empty(await AdminPeople.RolesAsync(_app, ron.Id));
        Assert.NotEqual(ronUser.SecurityStamp, (await AdminPeople.FindAsync(_app, ron.Id))!.SecurityStamp);
        var responder = (await _app.Get<AdminRoles>().ListAsync(ada, CancellationToken.None)).Single(r => r.Name == Roles.Responder);
        Assert.Empty(responder.Holders);
        Assert.Equal([$"{ada.Id} account.role user:{ron.Id} Success", $"{ada.Id} account.role user:{ron.Id} Failed"],
            await AdminPeople.TrailAsync(_app, r => r.Action == "account.role"));
    }

    [Fact]
    public async Task RevokingAdmin_FromTheLastActiveAdministrator_IsRefusedAndAudited_AndARoleIsNeverRevokedByANonAdministrator()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (ron, _) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder);

        var result = await _app.Get<AdminUsers>().RevokeRoleAsync(ada, ada.Id, Roles.Admin, CancellationToken.None);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<AdminUsers>().RevokeRoleAsync(ron, ada.Id, Roles.Admin, CancellationToken.None));

        Assert.Equal(AdminOutcome.Refused, result.Outcome);
        Assert.Equal([Roles.Admin], await AdminPeople.RolesAsync(_app, ada.Id));
        Assert.Equal([$"{ada.Id} account.role user:{ada.Id} Refused", $"{ron.Id} account.role user:{ada.Id} Refused"],
            await AdminPeople.TrailAsync(_app, r => r.Action == "account.role"));
    }
}
