using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Admin;

/// <summary>
/// The users page's operations: list accounts, change a role, disable or enable, end sessions, reset MFA. Granting the
/// administrator role and resetting MFA are critical and go through <see cref="Approvals"/>. Nothing here can leave the
/// app without an administrator who can act: the last one cannot be demoted or disabled.
/// </summary>
public sealed class AdminUsers(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, Approvals approvals,
    UserSessions sessions, SessionCounts sessionCounts, TimeProvider time)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.UsersManage, "account.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedEmail)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.TwoFactorEnabled, u.LockoutEnd }).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var teams = await (from m in db.TeamMembers join t in db.Teams on m.TeamId equals t.Id select new { m.UserId, t.Name }).ToListAsync(cancellationToken);
        var linked = await db.UserLogins.Where(l => l.LoginProvider == SingleSignOnOptions.Scheme).Select(l => l.UserId).ToListAsync(cancellationToken);
        var pending = await db.Approvals.AsNoTracking().Where(a => a.State == ApprovalState.Pending).Select(a => new { a.TargetUserId, a.Kind }).ToListAsync(cancellationToken);
        var open = await sessionCounts.AllInstancesAsync();
        var now = time.GetUtcNow();
        return [.. users.Select(u => new UserRow(
            u.Id, u.Email ?? "", u.DisplayName,
            string.Join(", ", roles.Where(r => r.UserId == u.Id).Select(r => r.Name).Order(StringComparer.Ordinal)),
            string.Join(", ", teams.Where(t => t.UserId == u.Id).Select(t => t.Name).Order(StringComparer.Ordinal)),
            u.TwoFactorEnabled,
            AccountChanges.IsDisabled(u.LockoutEnd),
            !AccountChanges.IsDisabled(u.LockoutEnd) && u.LockoutEnd > now,
            open.GetValueOrDefault(u.Id),
            [.. pending.Where(p => p.TargetUserId == u.Id).Select(p => p.Kind)],
            linked.Contains(u.Id)))];
    }

    /// <summary>Gives a person one role instead of the ones they have; granting admin waits for a second administrator.</summary>
    public async Task<AdminResult> SetRoleAsync(Actor actor, string userId, string role, CancellationToken cancellationToken)
    {
        var target = "user:" + userId;
        await access.RequireAsync(actor, Permission.UsersManage, "account.role", target, cancellationToken);
        if (!Roles.All.Contains(role))
        {
            return new(AdminOutcome.Failed, "No such role.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var isAdmin = await AccountChanges.IsAdministratorAsync(db, userId, cancellationToken);
        if (role == Roles.Admin && !isAdmin)
        {
            return await approvals.RequestAsync(actor, ApprovalKind.GrantAdmin, userId, cancellationToken);
        }
        if (isAdmin && role != Roles.Admin && await IsLastAdministratorAsync(db, userId, cancellationToken))
        {
            return await RefuseLastAdministratorAsync(actor, "account.role", target, cancellationToken);
        }
        var done = await AccountChanges.SetRoleAsync(db, userId, role, cancellationToken);
        await audit.AppendAsync(actor, "account.role", target, "role " + role, done ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
        return done ? new(AdminOutcome.Applied, $"Role changed to {role}.") : new(AdminOutcome.Failed, "That person does not exist.");
    }

    /// <summary>Takes a role away (the roles page); taking the admin role from the last active administrator is refused.</summary>
    public async Task<AdminResult> RevokeRoleAsync(Actor actor, string userId, string role, CancellationToken cancellationToken)
    {
        var target = "user:" + userId;
        await access.RequireAsync(actor, Permission.UsersManage, "account.role", target, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (role == Roles.Admin && await AccountChanges.IsAdministratorAsync(db, userId, cancellationToken) && await IsLastAdministratorAsync(db, userId, cancellationToken))
        {
            return await RefuseLastAdministratorAsync(actor, "account.role", target, cancellationToken);
        }
        var done = await AccountChanges.RemoveRoleAsync(db, userId, role, cancellationToken);
        await audit.AppendAsync(actor, "account.role", target, "revoked " + role, done ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
        return done ? new(AdminOutcome.Applied, $"Role {role} revoked; the person can do nothing until given a role.")
            : new(AdminOutcome.Failed, "That person does not hold that role.");
    }

    /// <summary>Disables (a lockout that never ends; open sessions end at their next check) or enables an account.</summary>
    public async Task<AdminResult> SetDisabledAsync(Actor actor, string userId, bool disabled, CancellationToken cancellationToken)
    {
        var target = "user:" + userId;
        var action = disabled ? "account.disable" : "account.enable";
        await access.RequireAsync(actor, Permission.UsersManage, action, target, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (disabled && actor.PersonId == userId)
        {
            return new(AdminOutcome.Refused, "You cannot disable your own account.");
        }
        if (disabled && await AccountChanges.IsAdministratorAsync(db, userId, cancellationToken) && await IsLastAdministratorAsync(db, userId, cancellationToken))
        {
            return await RefuseLastAdministratorAsync(actor, action, target, cancellationToken);
        }
        var done = await AccountChanges.SetDisabledAsync(db, userId, disabled, cancellationToken);
        await audit.AppendAsync(actor, action, target, null, done ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
        return done ? new(AdminOutcome.Applied, disabled ? "Account disabled; its sessions end within two minutes." : "Account enabled.")
            : new(AdminOutcome.Failed, "That person does not exist.");
    }

    public async Task<AdminResult> EndSessionsAsync(Actor actor, string userId, CancellationToken cancellationToken) =>
        await sessions.EndAsync(actor, userId, cancellationToken)
            ? new(AdminOutcome.Applied, "Sessions ended: open pages sign out within two minutes.")
            : new(AdminOutcome.Failed, "That person does not exist.");

    /// <summary>
    /// Forgets the link between an account and its identity at the single sign-on provider (a person who left the
    /// provider's directory, or a wrong link): the next sign-in through the provider links again only by verified email,
    /// as the first one did. Sessions end too, so a session the old identity opened does not outlive the link.
    /// </summary>
    public async Task<AdminResult> UnlinkSingleSignOnAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        var target = "user:" + userId;
        await access.RequireAsync(actor, Permission.UsersManage, "account.sso-unlink", target, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.UserLogins.Where(l => l.UserId == userId && l.LoginProvider == SingleSignOnOptions.Scheme).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            // The stored ID token goes with the link (the provider's identity has nothing left to sign out of here).
            await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == SingleSignOnOptions.Scheme).ExecuteDeleteAsync(cancellationToken);
            await AccountChanges.NewStampAsync(db, userId, cancellationToken);
        }
        await audit.AppendAsync(actor, "account.sso-unlink", target, removed > 0 ? null : "no linked identity", removed > 0 ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
        return removed > 0 ? new(AdminOutcome.Applied, "Single sign-on identity unlinked; the person's sessions end within two minutes.")
            : new(AdminOutcome.Failed, "That person has no linked single sign-on identity.");
    }

    /// <summary>Turns someone's MFA off so they enrol again: critical, so it waits for a second administrator.</summary>
    public Task<AdminResult> ResetMfaAsync(Actor actor, string userId, CancellationToken cancellationToken) =>
        approvals.RequestAsync(actor, ApprovalKind.ResetMfa, userId, cancellationToken);

    /// <summary>Accounts whose email, user name or display name contains <paramref name="query"/>, for the erasure page.</summary>
    public async Task<IReadOnlyList<UserRow>> FindAsync(Actor actor, string query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.PeopleErase, "person.find", null, cancellationToken);
        var text = query.Trim();
        if (text.Length < 2)
        {
            return [];
        }
        var upper = text.ToUpperInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail!.Contains(upper) || u.NormalizedUserName!.Contains(upper) || u.DisplayName.Contains(text) || u.Id == text)
            .Select(u => u.Id).Take(20).ToListAsync(cancellationToken);
        return [.. (await ListAsync(actor, cancellationToken)).Where(u => ids.Contains(u.Id))];
    }

    private async Task<AdminResult> RefuseLastAdministratorAsync(Actor actor, string action, string target, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(actor, action, target, "refused: the last active administrator", AuditOutcome.Refused, cancellationToken);
        return new(AdminOutcome.Refused, "This is the last active administrator: make someone else an administrator first.");
    }

    private async Task<bool> IsLastAdministratorAsync(SecOpsDbContext db, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lockout = await db.Users.Where(u => u.Id == userId).Select(u => u.LockoutEnd).FirstOrDefaultAsync(cancellationToken);
        var active = lockout is null || lockout <= now;
        return active && await AccountChanges.ActiveAdministratorsAsync(db, now, cancellationToken) <= 1;
    }
}

public sealed record UserRow(string Id, string Email, string DisplayName, string Role, string Teams, bool MfaEnabled, bool Disabled, bool LockedOut,
    int OpenSessions, IReadOnlyList<ApprovalKind> Pending, bool SingleSignOnLinked = false);
