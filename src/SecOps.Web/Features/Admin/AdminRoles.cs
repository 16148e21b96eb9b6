using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Admin;

/// <summary>
/// The roles page's view: each role, what it may do (read from <see cref="PermissionTable"/>, never restated here) and
/// who holds it. Granting and revoking go through <see cref="AdminUsers"/>, so the users page's rules hold here too.
/// </summary>
public sealed class AdminRoles(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access)
{
    public async Task<IReadOnlyList<RoleSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.UsersManage, "role.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedEmail)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd }).ToListAsync(cancellationToken);
        var held = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.NormalizedName }).ToListAsync(cancellationToken);
        var waiting = await db.Approvals.AsNoTracking().Where(a => a.State == ApprovalState.Pending && a.Kind == ApprovalKind.GrantAdmin)
            .Select(a => a.TargetUserId).ToListAsync(cancellationToken);
        var everyone = people.Select(p => new RoleHolder(p.Id, p.Email ?? "", p.DisplayName, AccountChanges.IsDisabled(p.LockoutEnd))).ToList();
        return [.. Roles.All.Select(role =>
        {
            var ids = held.Where(h => h.NormalizedName == role.ToUpperInvariant()).Select(h => h.UserId).ToHashSet(StringComparer.Ordinal);
            return new RoleSummary(role, [.. PermissionTable.ForRole(role).Order()],
                [.. everyone.Where(p => ids.Contains(p.Id))],
                [.. everyone.Where(p => !ids.Contains(p.Id))],
                role == Roles.Admin ? [.. everyone.Where(p => waiting.Contains(p.Id))] : []);
        })];
    }

    /// <summary>"AlertsRead" as "Alerts read": the permission's own name, spaced for reading.</summary>
    public static string Describe(Permission permission)
    {
        var name = permission.ToString();
        var words = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }
        return words.ToString();
    }
}

/// <summary>A role with its permissions, the people holding it, the others (who could be given it) and those waiting for approval.</summary>
public sealed record RoleSummary(string Name, IReadOnlyList<Permission> Permissions, IReadOnlyList<RoleHolder> Holders,
    IReadOnlyList<RoleHolder> Others, IReadOnlyList<RoleHolder> Waiting);

public sealed record RoleHolder(string Id, string Email, string DisplayName, bool Disabled);
