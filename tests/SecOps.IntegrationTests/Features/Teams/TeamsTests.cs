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
        var people = await NeedToKnowPeople.CreateAsync(_app);
        var teams = _app.Get<SecOps.Web.Features.Teams.Teams>();
        var csirt = await teams.CreateAsync(people.Ada, "CSIRT", CancellationToken.None);
        await teams.AddMemberAsync(people.Ada, csirt.TeamId, people.Rita.Id, CancellationToken.None);
        var someone = new Actor("someone", "someone", PermissionTable.ForRole(role).ToHashSet());

        await Assert.ThrowsAsync<AccessDeniedException>(() => teams.CreateAsync(someone, "Mine", CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => teams.AddMemberAsync(someone, csirt.TeamId, "someone", CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => teams.RemoveMemberAsync(someone, csirt.TeamId, people.Rita.Id, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => teams.RenameAsync(someone, csirt.TeamId, "Mine", CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => teams.DeleteAsync(someone, csirt.TeamId, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => teams.IncidentCountsAsync(someone, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => teams.CandidatesAsync(someone, CancellationToken.None));

        var unchanged = Assert.Single(await teams.ListAsync(someone, CancellationToken.None));
        Assert.Equal("CSIRT", unchanged.Name);
        Assert.Equal(["rita@example.test"], unchanged.Members.Select(m => m.Name));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(7, await db.AuditRecords.CountAsync(r => r.ActorId == "someone" && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task Rename_ToAnotherTeamsNameInAnyCaseOrToNothing_IsRefused_AndARenameIsAuditedAndShownOnTheTeamsIncidents()
    {
        var people = await NeedToKnowPeople.CreateAsync(_app);
        var teams = _app.Get<SecOps.Web.Features.Teams.Teams>();
        var csirt = await teams.CreateAsync(people.Ada, "CSIRT", CancellationToken.None);
        var fraud = await teams.CreateAsync(people.Ada, "Fraud", CancellationToken.None);
        var incident = await _app.Get<IncidentEscalation>().CreateAsync(people.Rita, new NewIncident("Ours", TeamId: csirt.TeamId), [], CancellationToken.None);

        var sameInOtherCase = await teams.CreateAsync(people.Ada, "csirt", CancellationToken.None);
        var taken = await teams.RenameAsync(people.Ada, fraud.TeamId, " Csirt ", CancellationToken.None);
        var empty = await teams.RenameAsync(people.Ada, fraud.TeamId, " \n ", CancellationToken.None);
        var missing = await teams.RenameAsync(people.Ada, 9999, "Anything", CancellationToken.None);
        var renamed = await teams.RenameAsync(people.Ada, csirt.TeamId, "CSIRT Berlin", CancellationToken.None);
        var ownCase = await teams.RenameAsync(people.Ada, fraud.TeamId, "FRAUD", CancellationToken.None);

        Assert.Equal((false, "A team with that name exists."), (sameInOtherCase.Succeeded, sameInOtherCase.Error));
        Assert.Equal((false, "A team with that name exists."), (taken.Succeeded, taken.Error));
        Assert.Equal((false, "Give the team a name."), (empty.Succeeded, empty.Error));
        Assert.Equal((false, "The team does not exist."), (missing.Succeeded, missing.Error));
        Assert.True(renamed.Succeeded, renamed.Error);
        Assert.True(ownCase.Succeeded, ownCase.Error);
        Assert.Equal(["CSIRT Berlin", "FRAUD"], (await teams.ListAsync(people.Ada, CancellationToken.None)).Select(t => t.Name));
        var shown = await _app.Get<IncidentQueries>().GetAsync(people.Rita, incident.IncidentId, CancellationToken.None);
        Assert.Equal("CSIRT Berlin", shown!.TeamName);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.Where(r => r.Action == "team.rename").OrderBy(r => r.Id).Select(r => new { r.Target, r.Details, r.ActorId, r.Outcome }).ToListAsync();
        Assert.Equal([("team:" + csirt.TeamId, "CSIRT -> CSIRT Berlin"), ("team:" + fraud.TeamId, "Fraud -> FRAUD")], audit.Select(a => (a.Target, a.Details)));
        Assert.All(audit, a => Assert.Equal((people.Ada.Id, AuditOutcome.Success), (a.ActorId, a.Outcome)));
    }

    [Fact]
    public async Task RemoveMember_TakesThePersonOutOfTheTeamsIncidentsAtOnce_AndRemovingSomeoneNotInItChangesNothing()
    {
        var people = await NeedToKnowPeople.CreateAsync(_app);
        var teams = _app.Get<SecOps.Web.Features.Teams.Teams>();
        var csirt = await teams.CreateAsync(people.Ada, "CSIRT", CancellationToken.None);
        await teams.AddMemberAsync(people.Ada, csirt.TeamId, people.Rita.Id, CancellationToken.None);
        await teams.AddMemberAsync(people.Ada, csirt.TeamId, people.Otto.Id, CancellationToken.None);
        Assert.Equal([csirt.TeamId], await teams.OfAsync(people.Rita.PersonId, CancellationToken.None));

        var removed = await teams.RemoveMemberAsync(people.Ada, csirt.TeamId, people.Rita.Id, CancellationToken.None);
        var again = await teams.RemoveMemberAsync(people.Ada, csirt.TeamId, people.Rita.Id, CancellationToken.None);

        Assert.True(removed.Succeeded, removed.Error);
        Assert.Equal((false, "That person is not in the team."), (again.Succeeded, again.Error));
        Assert.Empty(await teams.OfAsync(people.Rita.PersonId, CancellationToken.None));
        Assert.Equal([csirt.TeamId], await teams.OfAsync(people.Otto.PersonId, CancellationToken.None));
        Assert.Equal(["otto@example.test"], Assert.Single(await teams.ListAsync(people.Ada, CancellationToken.None)).Members.Select(m => m.Name));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.Where(r => r.Action == "team.member.remove").Select(r => new { r.Target, r.Details }).ToListAsync();
        Assert.Equal([("team:" + csirt.TeamId, "user " + people.Rita.Id)], audit.Select(a => (a.Target, a.Details)));
    }

    [Fact]
    public async Task Delete_WhileIncidentsBelongToTheTeam_IsRefusedSayingHowMany_AndOnceTheyAreMovedDeletesTheTeamAndItsMemberships()
    {
        var people = await NeedToKnowPeople.CreateAsync(_app);
        var teams = _app.Get<SecOps.Web.Features.Teams.Teams>();
        var csirt = await teams.CreateAsync(people.Ada, "CSIRT", CancellationToken.None);
        await teams.AddMemberAsync(people.Ada, csirt.TeamId, people.Rita.Id, CancellationToken.None);
        var escalation = _app.Get<IncidentEscalation>();
        var first = await escalation.CreateAsync(people.Rita, new NewIncident("One", TeamId: csirt.TeamId), [], CancellationToken.None);
        // Restricted and naming nobody but its creator: counted all the same, since the team cannot go while it holds it.
        var second = await escalation.CreateAsync(people.Rita, new NewIncident("Two", TeamId: csirt.TeamId, Restricted: true), [], CancellationToken.None);
        Assert.Equal(new Dictionary<int, int> { [csirt.TeamId] = 2 }, await teams.IncidentCountsAsync(people.Ada, CancellationToken.None));

        var refused = await teams.DeleteAsync(people.Ada, csirt.TeamId, CancellationToken.None);

        Assert.Equal((false, "2 incidents belong to CSIRT: move them to another team (or to no team) before deleting the team."), (refused.Succeeded, refused.Error));
        Assert.Single(await teams.ListAsync(people.Ada, CancellationToken.None));
        var editing = _app.Get<IncidentEditing>();
        foreach (var id in new[] { first.IncidentId, second.IncidentId })
        {
            var moved = await editing.SetAccessAsync(people.Ada, id, new IncidentAccessEdit(0, null, id == second.IncidentId, id == second.IncidentId ? [people.Rita.Id] : []), CancellationToken.None);
            Assert.True(moved.Succeeded, moved.Error);
        }

        var deleted = await teams.DeleteAsync(people.Ada, csirt.TeamId, CancellationToken.None);
        var gone = await teams.DeleteAsync(people.Ada, csirt.TeamId, CancellationToken.None);

        Assert.True(deleted.Succeeded, deleted.Error);
        Assert.Equal((false, "The team does not exist."), (gone.Succeeded, gone.Error));
        Assert.Empty(await teams.ListAsync(people.Ada, CancellationToken.None));
        Assert.Empty(await teams.OfAsync(people.Rita.PersonId, CancellationToken.None));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.TeamMembers.CountAsync());
        var audit = await db.AuditRecords.Where(r => r.Action == "team.delete").OrderBy(r => r.Id).Select(r => new { r.Target, r.Details, r.Outcome }).ToListAsync();
        Assert.Equal([("team:" + csirt.TeamId, "refused: 2 incidents belong to it", AuditOutcome.Refused), ("team:" + csirt.TeamId, "CSIRT", AuditOutcome.Success)],
            audit.Select(a => (a.Target, a.Details, a.Outcome)));
    }

    [Fact]
    public async Task Candidates_AreEveryAccountWithNameAndEmail_ForTheMemberPicker()
    {
        var people = await NeedToKnowPeople.CreateAsync(_app);

        var candidates = await _app.Get<SecOps.Web.Features.Teams.Teams>().CandidatesAsync(people.Ada, CancellationToken.None);

        Assert.Equal(["ada@example.test", "otto@example.test", "rita@example.test"], candidates.Select(c => c.Email));
        Assert.Equal([people.Ada.Id, people.Otto.Id, people.Rita.Id], candidates.Select(c => c.Id));
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
