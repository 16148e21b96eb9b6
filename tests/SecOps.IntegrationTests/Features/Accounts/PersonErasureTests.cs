using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Notes;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// The right to deletion: after an administrator erases a person, no table of the model holds any of their identifiers
/// (the user id survives only in the audit trail, where it is a pseudonym that links to nobody), the audit chain still
/// verifies, and the trail records that an erasure happened.
/// </summary>
public sealed class PersonErasureTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(Actor Actor, SecOpsUser User)> PersonAsync(string name, string role)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var email = $"{name.ToLowerInvariant()}.{suffix}@example.test";
        var user = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"{name} Zed{suffix}", PhoneNumber = "+4930" + Random.Shared.NextInt64(100_000_000, 999_999_999) };
        Assert.True((await users.CreateAsync(user, "Long-Enough-Password-1")).Succeeded);
        await users.AddToRoleAsync(user, role);
        return (new Actor(user.Id, user.DisplayName, PermissionTable.ForRole(role).ToHashSet()), user);
    }

    [Fact]
    public async Task AfterErasingAPerson_NoTableHoldsTheirIdentifiers_TheChainVerifies_AndTheTrailSaysAnErasureHappened()
    {
        var (eve, eveUser) = await PersonAsync("Eve", Roles.Responder);
        var (ada, _) = await PersonAsync("Ada", Roles.Admin);
        var (bob, _) = await PersonAsync("Bob", Roles.Responder);
        // Eve's footprint: an alert she claimed and noted, an incident she created and is named on and assigned, an
        // observable, a team, a preference, an API key, and her own audit records.
        await Documents.PostAsync(_app.Client(), Documents.Alert("erase-1"));
        long alertId;
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            alertId = await db.Alerts.Where(a => a.DocumentId == "erase-1").Select(a => a.Id).SingleAsync();
        }
        Assert.True((await _app.Get<AlertTriage>().ApplyAsync(eve, alertId, TriageAction.Claim, null, "mine", CancellationToken.None)).Succeeded);
        Assert.True((await _app.Get<AlertNotes>().AddAsync(eve, alertId, $"Checked with {eveUser.Email}", CancellationToken.None)).Succeeded);
        var created = await _app.Get<IncidentEscalation>().CreateAsync(eve, new NewIncident("Eve's case", Restricted: true, Members: [eve.Id, bob.Id]), [alertId], CancellationToken.None);
        var incidentId = created.IncidentId;
        var view = await _app.Get<IncidentQueries>().GetAsync(ada, incidentId, CancellationToken.None);
        Assert.True((await _app.Get<IncidentEditing>().UpdateAsync(ada, incidentId, new IncidentEdit(view!.Version, view.Status, view.Phase, view.Severity, eve.Id), CancellationToken.None)).Succeeded);
        Assert.True((await _app.Get<IncidentObservables>().AddAsync(eve, incidentId, [new NewObservable(ObservableType.Domain, "evil.example")], CancellationToken.None)).Succeeded);
        var teams = _app.Get<SecOps.Web.Features.Teams.Teams>();
        var team = await teams.CreateAsync(ada, "CSIRT", CancellationToken.None);
        await teams.AddMemberAsync(ada, team.TeamId, eve.Id, CancellationToken.None);
        await _app.Get<UserPreferences>().SetAsync(eve, "board.density", "compact", CancellationToken.None);
        await _app.Get<ApiKeys>().CreateAsync(eve with { Permissions = PermissionTable.ForRole(Roles.Admin).ToHashSet() }, "eve's key", [PermissionTable.ScopeRead], TimeSpan.FromDays(1), CancellationToken.None);
        var names = new[] { eveUser.Email!, eveUser.NormalizedEmail!, eveUser.UserName!, eveUser.NormalizedUserName!, eveUser.DisplayName, eveUser.PhoneNumber! };
        // The footprint is there before the erasure (so the check below is not vacuous).
        Assert.NotEmpty(await HoldersAsync(eveUser.Id, includeAuditTrail: false));
        Assert.NotEmpty(await HoldersAsync(eveUser.DisplayName, includeAuditTrail: false));

        var outcome = await _app.Get<PersonErasure>().EraseAsync(ada, eveUser.Id, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        foreach (var name in names)
        {
            Assert.Empty(await HoldersAsync(name, includeAuditTrail: true));
        }
        // The id is a pseudonym in the audit trail (it links to no account any more); no other table holds it.
        Assert.Empty(await HoldersAsync(eveUser.Id, includeAuditTrail: false));
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            Assert.False(await db.Users.AnyAsync(u => u.Id == eveUser.Id));
            var record = await db.AuditRecords.SingleAsync(r => r.Action == PersonErasure.Action);
            Assert.Equal((ada.Id, "user:" + eveUser.Id, AuditOutcome.Success), (record.ActorId, record.Target, record.Outcome));
            // Others' data stays: Bob is still named on the incident, the alert is still claimed (by the erased person).
            Assert.True(await db.IncidentMembers.AnyAsync(m => m.IncidentId == incidentId && m.UserId == bob.Id));
            var alert = await db.Alerts.SingleAsync(a => a.Id == alertId);
            Assert.Equal(PersonErasure.ErasedName, alert.AssigneeName);
        }
        var verification = await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None);
        Assert.True(verification.Intact, verification.Message);
    }

    [Fact]
    public async Task OnlyAdministratorsErase_AndARefusalIsAudited()
    {
        var (eve, eveUser) = await PersonAsync("Eve", Roles.Responder);
        var (bob, _) = await PersonAsync("Bob", Roles.Responder);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PersonErasure>().EraseAsync(bob, eveUser.Id, CancellationToken.None));

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Users.AnyAsync(u => u.Id == eveUser.Id));
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == PersonErasure.Action && r.ActorId == bob.Id && r.Outcome == AuditOutcome.Refused));
        _ = eve;
    }

    /// <summary>Every (table, column) of the model, over every text column, whose value contains <paramref name="value"/>.</summary>
    private async Task<List<string>> HoldersAsync(string value, bool includeAuditTrail)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var columns = PersonErasure.TextColumns(db.Model, includeAuditTrail).ToList();
        Assert.Contains(columns, c => c.Table == "AspNetUsers" && c.Column == "Email");
        Assert.Contains(columns, c => c.Table == "IncidentEvents");
        var holders = new List<string>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var (table, column) in columns)
        {
            await using DbCommand command = connection.CreateCommand();
            var contains = db.Database.IsNpgsql() ? $"strpos(\"{column}\", @v) > 0" : $"instr(\"{column}\", @v) > 0";
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE {contains}";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "v";
            parameter.Value = value;
            command.Parameters.Add(parameter);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                holders.Add($"{table}.{column}");
            }
        }
        return holders;
    }
}
