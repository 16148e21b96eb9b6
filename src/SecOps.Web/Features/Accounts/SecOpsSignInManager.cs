using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Identity's sign-in, with one change: a remembered device counts only while the account's security stamp is the one it
/// was remembered with, so ending someone's sessions (or their sign-out) asks for the second step again at once, not at
/// the device cookie's next check.
/// </summary>
public sealed class SecOpsSignInManager(
    UserManager<SecOpsUser> users,
    IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<SecOpsUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<SecOpsUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<SecOpsUser> confirmation)
    : SignInManager<SecOpsUser>(users, context, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> IsTwoFactorClientRememberedAsync(SecOpsUser user)
    {
        var remembered = await Context.AuthenticateAsync(IdentityConstants.TwoFactorRememberMeScheme);
        return remembered.Principal is { } device
            && device.FindFirstValue(ClaimTypes.Name) == await UserManager.GetUserIdAsync(user)
            && device.FindFirstValue(Options.ClaimsIdentity.SecurityStampClaimType) == await UserManager.GetSecurityStampAsync(user);
    }
}
