using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;

namespace SecOps.IntegrationTests.Features.Teams;

/// <summary>Administrators manage teams (audited); others are refused (and that is audited too); incidents belong to a team.</summary>
public sealed class TeamsTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AdministratorCreatesATeamAndAddsAndRemovesMembers_EachStepAudited()
    {
        var people = await NeedToKnowPeople.CreateAsync(_app);
        var teams = _app.Get<SecOps.Web.Features.Teams.Teams>();

        var created = await teams.CreateAsync(people.Ada, "  CSIRT\u202E ", CancellationToken.None);
        var duplicate = await teams.CreateAsync(people.Ada, "CSIRT\uFFFD", CancellationToken.None);
        await teams.AddMemberAsync(people.Ada, created.TeamId, people.Rita.Id, CancellationToken.None);
        await teams.AddMemberAsync(people.Ada, created.TeamId, people.Otto.Id, CancellationToken.None);
        await teams.RemoveMemberAsync(people.Ada, created.TeamId, people.Otto.Id, CancellationToken.None);
        var nobody = await teams.AddMemberAsync(people.Ada, created.TeamId, "no-such-person", CancellationToken.None);

        Assert.True(created.Succeeded);
        Assert.Equal((false, "A team with that name exists."), (duplicate.Succeeded, duplicate.Error));
        Assert.False(nobody.Succeeded);
        var listed = Assert.Single(await teams.ListAsync(people.Otto, CancellationToken.None));
        Assert.Equal("CSIRT\uFFFD", listed.Name);
        Assert.Equal(["rita@example.test"], listed.Members.Select(m => m.Name));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.Where(r => r.Action.StartsWith("team.")).OrderBy(r => r.Id).Select(r => new { r.Action, r.ActorId, r.Outcome }).ToListAsync();
        Assert.Equal(["team.create", "team.member.add", "team.member.add", "team.member.remove"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((people.Ada.Id, AuditOutcome.Success), (a.ActorId, a.Outcome)));
    }

    [Theory]
    [InlineData(Roles.Responder)]
    [InlineData(Roles.Manager)]
    public async Task OnlyAdministratorsManageTeams_OthersAreRefusedAndAudited(string role)
    {
        var someone = new Actor("someone", "someone", PermissionTable.ForRole(role).ToHashSet());
        var teams = _app.Get<SecOps.Web.Features.Teams.Teams>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => teams.CreateAsync(someone, "Mine", CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => teams.AddMemberAsync(someone, 1, "someone", CancellationToken.None));

        Assert.Empty(await teams.ListAsync(someone, CancellationToken.None));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.AuditRecords.CountAsync(r => r.ActorId == "someone" && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task AnIncidentBelongsToATeam_AndMyTeamsIncidentsListsOnlyThose()
    {
        var people = await NeedToKnowPeople.CreateAsync(_app);
        var teams = _app.Get<SecOps.Web.Features.Teams.Teams>();
        var csirt = await teams.CreateAsync(people.Ada, "CSIRT", CancellationToken.None);
        await teams.CreateAsync(people.Ada, "Fraud", CancellationToken.None);
        await teams.AddMemberAsync(people.Ada, csirt.TeamId, people.Rita.Id, CancellationToken.None);
        var escalation = _app.Get<IncidentEscalation>();
        await escalation.CreateAsync(people.Rita, new NewIncident("Ours", TeamId: csirt.TeamId), [], CancellationToken.None);
        await escalation.CreateAsync(people.Rita, new NewIncident("Nobody's"), [], CancellationToken.None);

        var mine = await teams.OfAsync(people.Rita.PersonId, CancellationToken.None);
        var list = await _app.Get<IncidentQueries>().ListAsync(people.Rita, new IncidentFilter(TeamIds: mine), CancellationToken.None);

        Assert.Equal([("Ours", "CSIRT")], list.Select(i => (i.Title, i.TeamName)));
    }
}
