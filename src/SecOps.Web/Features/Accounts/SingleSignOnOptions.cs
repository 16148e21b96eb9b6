using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Optional OpenID Connect single sign-on (<c>SecOps:Auth:Oidc</c>), off by default. An identity at the provider signs in
/// as the SecOps account it is linked to; the first time, it is linked to the account with the same verified email, or
/// (only with <see cref="CreateAccounts"/>) a new account is made. Roles stay SecOps's own.
/// </summary>
public sealed class SingleSignOnOptions : IValidatableObject
{
    public const string SectionName = "SecOps:Auth:Oidc";

    /// <summary>The authentication scheme, and the login provider name on linked accounts.</summary>
    public const string Scheme = "oidc";

    public bool Enabled { get; set; }

    /// <summary>The provider's issuer URL (its discovery document is below it); HTTPS unless on loopback.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From the environment or a secret store, never appsettings.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Shown on the sign-in page as "Sign in with …".</summary>
    [MaxLength(60)]
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Space or comma separated; <c>openid</c> is always asked for.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>Make an account on first sign-in when none has the email; off: only existing accounts are linked.</summary>
    public bool CreateAccounts { get; set; }

    /// <summary>The claim whose values <see cref="RoleMap"/> reads (for new accounts only).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Provider role or group value to SecOps role, for accounts made on first sign-in; the only way a new account becomes admin.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The role of a new account whose claims <see cref="RoleMap"/> does not map; never admin. Empty: such a sign-in is refused.</summary>
    public string? DefaultRole { get; set; }

    /// <summary>
    /// Accept the provider's <c>amr</c> containing <c>mfa</c> in place of the local TOTP step. Off: a person with TOTP on is
    /// asked for a code after the provider, as after a password. Either way a role that requires MFA still needs TOTP enrolled.
    /// </summary>
    public bool TrustProviderMfa { get; set; }

    /// <summary>Treat the provider's email as verified without an <c>email_verified</c> claim (directories that issue only verified addresses).</summary>
    public bool EmailVerifiedByProvider { get; set; }

    /// <summary>
    /// Also read the provider's userinfo endpoint at sign-in, for providers whose ID token leaves out claims SecOps reads
    /// (<c>email</c>, <c>email_verified</c>, <c>name</c>, <see cref="RoleClaim"/>): a claim the ID token has is kept, a
    /// missing one is taken from userinfo. Off: the ID token alone (no extra request).
    /// </summary>
    public bool ClaimsFromUserInfo { get; set; }

    public IEnumerable<string> ScopeList() =>
        Scopes.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append("openid").Distinct(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback))
        {
            yield return new($"{SectionName}:Authority must be an https URL (plain http only to loopback).", [nameof(Authority)]);
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new($"{SectionName}:ClientId is required.", [nameof(ClientId)]);
        }
        if (!string.IsNullOrEmpty(DefaultRole) && (!Roles.All.Contains(DefaultRole) || DefaultRole == Roles.Admin))
        {
            yield return new($"{SectionName}:DefaultRole must be one of {string.Join(", ", Roles.All.Where(r => r != Roles.Admin))}; admin only through RoleMap.", [nameof(DefaultRole)]);
        }
        foreach (var (claim, role) in RoleMap.Where(m => !Roles.All.Contains(m.Value)))
        {
            yield return new($"{SectionName}:RoleMap:{claim} names no SecOps role ({role}).", [nameof(RoleMap)]);
        }
    }
}
