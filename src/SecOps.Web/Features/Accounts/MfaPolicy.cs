using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>Whether a person must have TOTP on before they may do anything: by role, from <see cref="AccountOptions"/>.</summary>
public sealed class MfaPolicy(IOptions<AccountOptions> options)
{
    /// <summary>On a signed-in principal: "on" when the account has TOTP enrolled (set at sign-in and at every stamp check).</summary>
    public const string MfaClaim = "secops:mfa";

    private readonly IReadOnlySet<string> _required = options.Value.RequiredRoles();

    public bool IsRequiredFor(IEnumerable<string> roles) => roles.Any(_required.Contains);

    /// <summary>A signed-in person whose roles require MFA and whose account has none yet.</summary>
    public bool MustEnrol(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true
        && principal.HasClaim(c => c.Type == ClaimTypes.Role)
        && principal.FindFirstValue(MfaClaim) != "on"
        && IsRequiredFor(principal.FindAll(ClaimTypes.Role).Select(c => c.Value));
}
