using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Admin;

/// <summary>
/// The account changes administration makes, written straight to Identity's tables (no permission check: the callers
/// check and audit). Each one changes the security stamp, so cookies and open circuits pick the change up at their next
/// check (<see cref="SessionValidation"/>).
/// </summary>
internal static class AccountChanges
{
    /// <summary>Where Identity's user store keeps the authenticator key and the recovery codes.</summary>
    private const string StoreProvider = "[AspNetUserStore]";

    public static async Task<bool> SetRoleAsync(SecOpsDbContext db, string userId, string role, CancellationToken cancellationToken)
    {
        var normalized = role.ToUpperInvariant();
        var roleId = await db.Roles.Where(r => r.NormalizedName == normalized).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (roleId is null || !await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return false;
        }
        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        await db.SaveChangesAsync(cancellationToken);
        return await NewStampAsync(db, userId, cancellationToken);
    }

    /// <summary>Takes one role away, leaving the person signed-in-able but allowed nothing until they are given another.</summary>
    public static async Task<bool> RemoveRoleAsync(SecOpsDbContext db, string userId, string role, CancellationToken cancellationToken)
    {
        var normalized = role.ToUpperInvariant();
        var removed = await (from ur in db.UserRoles
                             join r in db.Roles on ur.RoleId equals r.Id
                             where ur.UserId == userId && r.NormalizedName == normalized
                             select ur).ToListAsync(cancellationToken);
        if (removed.Count == 0)
        {
            return false;
        }
        db.UserRoles.RemoveRange(removed);
        await db.SaveChangesAsync(cancellationToken);
        return await NewStampAsync(db, userId, cancellationToken);
    }

    /// <summary>Turns TOTP off and forgets the authenticator key and recovery codes: the person enrols again at next sign-in.</summary>
    public static async Task<bool> ResetMfaAsync(SecOpsDbContext db, string userId, CancellationToken cancellationToken)
    {
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == StoreProvider && (t.Name == "AuthenticatorKey" || t.Name == "RecoveryCodes"))
            .ExecuteDeleteAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.TwoFactorEnabled, false)
            .SetProperty(u => u.SecurityStamp, NewStamp())
            .SetProperty(u => u.ConcurrencyStamp, NewStamp()), cancellationToken) == 1;
    }

    /// <summary>Disabled is a lockout that never ends (Identity refuses sign-in, <see cref="SessionValidation"/> ends sessions).</summary>
    public static async Task<bool> SetDisabledAsync(SecOpsDbContext db, string userId, bool disabled, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LockoutEnabled, true)
            .SetProperty(u => u.LockoutEnd, disabled ? DateTimeOffset.MaxValue : null)
            .SetProperty(u => u.AccessFailedCount, 0)
            .SetProperty(u => u.SecurityStamp, NewStamp())
            .SetProperty(u => u.ConcurrencyStamp, NewStamp()), cancellationToken) == 1;

    /// <summary>Lockouts shorter than this are the failed-attempt kind; longer ones are an administrator's disablement.</summary>
    public static bool IsDisabled(DateTimeOffset? lockoutEnd) => lockoutEnd is { } end && end.UtcDateTime.Year >= 9999;

    /// <summary>Administrators who can act: in the admin role and not locked out or disabled.</summary>
    public static async Task<int> ActiveAdministratorsAsync(SecOpsDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var adminRole = Roles.Admin.ToUpperInvariant();
        var ids = await (from ur in db.UserRoles
                         join r in db.Roles on ur.RoleId equals r.Id
                         where r.NormalizedName == adminRole
                         select ur.UserId).ToListAsync(cancellationToken);
        var lockouts = await db.Users.Where(u => ids.Contains(u.Id)).Select(u => u.LockoutEnd).ToListAsync(cancellationToken);
        // Compared here: SQLite cannot order DateTimeOffset values in SQL.
        return lockouts.Count(end => end is null || end <= now);
    }

    public static async Task<bool> IsAdministratorAsync(SecOpsDbContext db, string userId, CancellationToken cancellationToken)
    {
        var adminRole = Roles.Admin.ToUpperInvariant();
        return await (from ur in db.UserRoles
                      join r in db.Roles on ur.RoleId equals r.Id
                      where ur.UserId == userId && r.NormalizedName == adminRole
                      select ur).AnyAsync(cancellationToken);
    }

    public static async Task<bool> NewStampAsync(SecOpsDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.SecurityStamp, NewStamp())
            .SetProperty(u => u.ConcurrencyStamp, NewStamp()), cancellationToken) == 1;

    private static string NewStamp() => Guid.NewGuid().ToString("N").ToUpperInvariant();
}

/// <summary>What became of an administrative action.</summary>
public enum AdminOutcome
{
    /// <summary>Done.</summary>
    Applied,

    /// <summary>A critical action waiting for a second administrator.</summary>
    Pending,

    /// <summary>A critical action done at once because fewer than two administrators exist (warned and audited).</summary>
    AppliedWithoutSecondApproval,

    Refused,
    Failed,
}

public sealed record AdminResult(AdminOutcome Outcome, string Message, long? ApprovalId = null)
{
    public bool Done => Outcome is AdminOutcome.Applied or AdminOutcome.AppliedWithoutSecondApproval;

    /// <summary>Runs a page's action; a refusal by the permission table (already audited by the guard) becomes a message.</summary>
    public static async Task<AdminResult> OfAsync(Func<Task<AdminResult>> action)
    {
        try
        {
            return await action();
        }
        catch (AccessDeniedException)
        {
            return new(AdminOutcome.Refused, "Your role cannot do that.");
        }
    }
}
