using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Whether a signed-in principal still stands: the account exists and is not locked out or disabled, its security stamp
/// is unchanged (no ended sessions, no new password), the session is within its absolute timeout, its roles are the ones the principal carries, and MFA is on
/// where its roles require it. Open circuits ask every <see cref="AccountOptions.RevalidationInterval"/>.
/// </summary>
public sealed class SessionValidation(IServiceScopeFactory scopes, MfaPolicy mfa, IOptions<IdentityOptions> options, IOptions<AccountOptions> accounts, TimeProvider time)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (SessionTimeouts.IsPastAbsolute(principal, time.GetUtcNow(), accounts.Value.AbsoluteTimeout))
        {
            return false;
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return false;
        }
        var claims = options.Value.ClaimsIdentity;
        if (principal.FindFirstValue(claims.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
        {
            return false;
        }
        var roles = await users.GetRolesAsync(user);
        var carried = principal.FindAll(claims.RoleClaimType).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!carried.SetEquals(roles))
        {
            return false;
        }
        return !mfa.IsRequiredFor(roles) || await users.GetTwoFactorEnabledAsync(user);
    }
}
