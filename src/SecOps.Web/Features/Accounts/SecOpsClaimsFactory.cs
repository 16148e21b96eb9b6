using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>Adds whether the account has TOTP on, so the enrolment gate needs no store read per request.</summary>
public sealed class SecOpsClaimsFactory(UserManager<SecOpsUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<SecOpsUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(SecOpsUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(MfaPolicy.MfaClaim, await UserManager.GetTwoFactorEnabledAsync(user) ? "on" : "off"));
        return identity;
    }
}
