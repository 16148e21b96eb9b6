using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Teams;

/// <summary>A team as pages and pickers show it, with its members' ids and names.</summary>
public sealed record TeamView(int Id, string Name, IReadOnlyList<TeamPerson> Members);

public sealed record TeamPerson(string Id, string Name);

/// <summary>An account an administrator may add to a team, as the picker shows it.</summary>
public sealed record TeamCandidate(string Id, string Name, string Email);

/// <summary>
/// Administrators create teams and change who is in them; every change is permission-checked here and audited. Teams
/// are people settings, not alert state, so they are written directly (like accounts and API keys), not through the
/// store writer. Anyone who may read incidents may list teams (the incident form picks one).
/// </summary>
public sealed class Teams(IDbContextFactory<SecOpsDbContext> contexts, IServiceScopeFactory scopes, AccessGuard access, AuditTrail audit, TimeProvider time)
{
    public const int NameLength = 100;

    public sealed record Outcome(bool Succeeded, string? Error, int TeamId = 0);

    public async Task<IReadOnlyList<TeamView>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.Can(Permission.TeamsManage))
        {
            await access.RequireAsync(actor, Permission.IncidentsRead, "team.list", null, cancellationToken);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var members = await db.TeamMembers.AsNoTracking().ToListAsync(cancellationToken);
        var names = await NamesAsync(members.Select(m => m.UserId), cancellationToken);
        return [.. teams.Select(t => new TeamView(t.Id, t.Name, [.. members.Where(m => m.TeamId == t.Id)
            .Select(m => new TeamPerson(m.UserId, names.GetValueOrDefault(m.UserId, m.UserId)))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)]))];
    }

    public async Task<Outcome> CreateAsync(Actor actor, string? name, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.TeamsManage, "team.create", null, cancellationToken);
        var clean = CleanName(name);
        if (clean.Length == 0)
        {
            return new(false, "Give the team a name.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await NameTakenAsync(db, clean, null, cancellationToken))
        {
            return new(false, DuplicateName);
        }
        var team = new Team { Name = clean, CreatedAt = time.GetUtcNow() };
        db.Teams.Add(team);
        if (!await SavedAsync(db, cancellationToken))
        {
            return new(false, DuplicateName);
        }
        await audit.AppendAsync(actor, "team.create", Target(team.Id), clean, AuditOutcome.Success, cancellationToken);
        return new(true, null, team.Id);
    }

    public async Task<Outcome> RenameAsync(Actor actor, int teamId, string? name, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.TeamsManage, "team.rename", Target(teamId), cancellationToken);
        var clean = CleanName(name);
        if (clean.Length == 0)
        {
            return new(false, "Give the team a name.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        if (team is null)
        {
            return new(false, "The team does not exist.");
        }
        if (team.Name == clean)
        {
            return new(true, null, teamId);
        }
        if (await NameTakenAsync(db, clean, teamId, cancellationToken))
        {
            return new(false, DuplicateName);
        }
        var before = team.Name;
        team.Name = clean;
        if (!await SavedAsync(db, cancellationToken))
        {
            return new(false, DuplicateName);
        }
        await audit.AppendAsync(actor, "team.rename", Target(teamId), $"{before} -> {clean}", AuditOutcome.Success, cancellationToken);
        return new(true, null, teamId);
    }

    /// <summary>
    /// Deletes a team no incident belongs to (with its memberships). A team with incidents stays: deleting it would
    /// silently take those incidents out of their team, so the administrator moves them first.
    /// </summary>
    public async Task<Outcome> DeleteAsync(Actor actor, int teamId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.TeamsManage, "team.delete", Target(teamId), cancellationToken);
        var (name, incidents, deleted) = await DeleteUnlessIncidentsAsync(teamId, cancellationToken);
        if (name is null)
        {
            return new(false, "The team does not exist.");
        }
        if (!deleted)
        {
            // Audited after the transaction: the audit trail writes through its own connection.
            await audit.AppendAsync(actor, "team.delete", Target(teamId), $"refused: {incidents} incidents belong to it", AuditOutcome.Refused, cancellationToken);
            return new(false, $"{incidents} {(incidents == 1 ? "incident belongs" : "incidents belong")} to {name}: move {(incidents == 1 ? "it" : "them")} to another team (or to no team) before deleting the team.", teamId);
        }
        await audit.AppendAsync(actor, "team.delete", Target(teamId), name, AuditOutcome.Success, cancellationToken);
        return new(true, null, teamId);
    }

    private async Task<(string? Name, int Incidents, bool Deleted)> DeleteUnlessIncidentsAsync(int teamId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var name = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        var incidents = await db.Incidents.CountAsync(i => i.TeamId == teamId, cancellationToken);
        if (name is null || incidents > 0)
        {
            return (name, incidents, false);
        }
        await db.TeamMembers.Where(m => m.TeamId == teamId).ExecuteDeleteAsync(cancellationToken);
        // The check again in the statement itself: an incident filed under the team since the count keeps the team.
        if (await db.Teams.Where(t => t.Id == teamId && !db.Incidents.Any(i => i.TeamId == teamId)).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return (name, await db.Incidents.CountAsync(i => i.TeamId == teamId, cancellationToken), false);
        }
        await transaction.CommitAsync(cancellationToken);
        return (name, 0, true);
    }

    /// <summary>How many incidents (restricted ones included) belong to each team that has any; administrators only.</summary>
    public async Task<IReadOnlyDictionary<int, int>> IncidentCountsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.TeamsManage, "team.incident-counts", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Incidents.Where(i => i.TeamId != null).GroupBy(i => i.TeamId!.Value)
            .Select(g => new { Team = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Team, g => g.Count, cancellationToken);
    }

    /// <summary>Every account, by name, for the administrator's member picker.</summary>
    public async Task<IReadOnlyList<TeamCandidate>> CandidatesAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.TeamsManage, "team.candidates", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.UserName, u.Email }).ToListAsync(cancellationToken);
        return [.. users.Select(u => new TeamCandidate(u.Id,
                DisplayText.CleanUserText(u.DisplayName.Length > 0 ? u.DisplayName : u.UserName ?? u.Email ?? u.Id, DisplayText.ShortField)!,
                DisplayText.CleanUserText(u.Email ?? "", DisplayText.ShortField) ?? ""))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Email, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<Outcome> AddMemberAsync(Actor actor, int teamId, string userId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.TeamsManage, "team.member.add", Target(teamId), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            return new(false, "The team does not exist.");
        }
        if ((await NamesAsync([userId], cancellationToken)).Count == 0)
        {
            return new(false, "There is no such person.");
        }
        if (await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserId == userId, cancellationToken))
        {
            return new(true, null, teamId);
        }
        db.TeamMembers.Add(new TeamMember { TeamId = teamId, UserId = userId });
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(actor, "team.member.add", Target(teamId), "user " + userId, AuditOutcome.Success, cancellationToken);
        return new(true, null, teamId);
    }

    public async Task<Outcome> RemoveMemberAsync(Actor actor, int teamId, string userId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.TeamsManage, "team.member.remove", Target(teamId), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.TeamMembers.Where(m => m.TeamId == teamId && m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            await audit.AppendAsync(actor, "team.member.remove", Target(teamId), "user " + userId, AuditOutcome.Success, cancellationToken);
        }
        return new(removed > 0, removed > 0 ? null : "That person is not in the team.", teamId);
    }

    /// <summary>The ids of the teams a person is in (for "my team's incidents").</summary>
    public async Task<IReadOnlyList<int>> OfAsync(string? userId, CancellationToken cancellationToken)
    {
        if (userId is null)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TeamMembers.Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(cancellationToken);
    }

    /// <summary>Display names of existing people by id (cleaned); ids of nobody are left out.</summary>
    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var found = await users.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.UserName, u.Email }).ToListAsync(cancellationToken);
        return found.ToDictionary(u => u.Id, u => DisplayText.CleanUserText(u.UserName ?? u.Email ?? u.Id, DisplayText.ShortField)!);
    }

    private const string DuplicateName = "A team with that name exists.";

    private static string CleanName(string? name) =>
        DisplayText.CleanUserText((name ?? "").Replace('\r', ' ').Replace('\n', ' ').Trim(), NameLength)?.Trim() ?? "";

    /// <summary>Names differing only in case are the same team to the people choosing one.</summary>
    private static Task<bool> NameTakenAsync(SecOpsDbContext db, string name, int? except, CancellationToken cancellationToken)
    {
        var upper = name.ToUpperInvariant();
        return db.Teams.AnyAsync(t => t.Name.ToUpper() == upper && (except == null || t.Id != except), cancellationToken);
    }

    /// <summary>False when the unique name index refused the write (another administrator took the name meanwhile).</summary>
    private static async Task<bool> SavedAsync(SecOpsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private static string Target(int teamId) => "team:" + teamId;
}
