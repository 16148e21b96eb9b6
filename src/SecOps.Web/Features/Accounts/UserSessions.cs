using Microsoft.AspNetCore.Identity;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Ends every session of a person by changing their security stamp: cookies stop at their next check
/// (<see cref="AccountOptions.RevalidationInterval"/>), open circuits at their next revalidation, remembered devices ask
/// for the second step again. Disabling an account (<see cref="Admin.AdminUsers"/>) does the same and keeps it from signing in again.
/// </summary>
public sealed class UserSessions(IServiceScopeFactory scopes, AccessGuard guard, AuditTrail audit)
{
    /// <summary>An administrator ends someone's sessions (audited; refused and audited without <see cref="Permission.UsersManage"/>).</summary>
    public async Task<bool> EndAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        await guard.RequireAsync(actor, Permission.UsersManage, "account.sessions-ended", "user:" + userId, cancellationToken);
        return await EndUncheckedAsync(actor, userId, null, cancellationToken);
    }

    /// <summary>
    /// The single sign-on provider ended the person's session there (<see cref="BackChannelLogout"/>): its signed logout
    /// token is the authority, so no person's permission is checked; audited as SecOps acting on it.
    /// </summary>
    public Task<bool> EndForProviderAsync(string userId, CancellationToken cancellationToken) =>
        EndUncheckedAsync(Actor.System, userId, "back-channel logout from the single sign-on provider", cancellationToken);

    private async Task<bool> EndUncheckedAsync(Actor actor, string userId, string? details, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            await audit.AppendAsync(actor, "account.sessions-ended", "user:" + userId, "no such user", AuditOutcome.Failed, cancellationToken);
            return false;
        }
        await users.UpdateSecurityStampAsync(user);
        await audit.AppendAsync(actor, "account.sessions-ended", "user:" + userId, details, AuditOutcome.Success, cancellationToken);
        return true;
    }
}
