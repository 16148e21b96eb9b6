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
        var clean = DisplayText.CleanUserText((name ?? "").Replace('\r', ' ').Replace('\n', ' ').Trim(), NameLength) ?? "";
        if (clean.Length == 0)
        {
            return new(false, "Give the team a name.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Teams.AnyAsync(t => t.Name == clean, cancellationToken))
        {
            return new(false, "A team with that name exists.");
        }
        var team = new Team { Name = clean, CreatedAt = time.GetUtcNow() };
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(actor, "team.create", Target(team.Id), clean, AuditOutcome.Success, cancellationToken);
        return new(true, null, team.Id);
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

    private static string Target(int teamId) => "team:" + teamId;
}
