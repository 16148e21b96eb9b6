using System.Security.Claims;
using SecOps.Web.Features.Accounts;

namespace SecOps.Tests.Features.Accounts;

public sealed class PermissionTableTests
{
    private static Actor WithRole(string role) => Actor.From(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "u1"), new Claim(ClaimTypes.Role, role)], "test")));

    [Fact]
    public void Manager_ReadsButNeverTriages()
    {
        var manager = WithRole(Roles.Manager);

        Assert.True(manager.Can(Permission.AlertsRead));
        Assert.False(manager.Can(Permission.AlertsTriage));
        Assert.False(manager.Can(Permission.AlertsIngest));
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Responder)]
    [InlineData(Roles.Admin)]
    public void TriageRoles_MayTriage(string role) => Assert.True(WithRole(role).Can(Permission.AlertsTriage));

    [Fact]
    public void OnlyAdmin_ManagesUsers() =>
        Assert.Equal([Roles.Admin], Roles.All.Where(r => WithRole(r).Can(Permission.UsersManage)));

    [Fact]
    public void NoRole_Ingests_OnlyKeysDo() =>
        Assert.DoesNotContain(Roles.All, r => WithRole(r).Can(Permission.AlertsIngest) || WithRole(r).Can(Permission.AuditEventsIngest));

    [Fact]
    public void IngestScope_GrantsIngestButNotRead()
    {
        var key = Actor.From(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "apikey:1"), new Claim(Actor.ScopeClaim, "ingest")], "ApiKey")));

        Assert.True(key.Can(Permission.AlertsIngest));
        Assert.False(key.Can(Permission.AlertsRead));
    }

    [Fact]
    public void UnauthenticatedPrincipal_HasNoPermissions() =>
        Assert.Empty(Actor.From(new ClaimsPrincipal(new ClaimsIdentity())).Permissions);
}
