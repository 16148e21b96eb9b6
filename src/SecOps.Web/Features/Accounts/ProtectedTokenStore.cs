using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Identity's EF user store with the TOTP secrets encrypted at rest: the authenticator key and the recovery codes
/// (Identity keeps both as user tokens, in plain text by default) are written as <c>dp1:</c> plus a Data Protection
/// payload under the app's key ring, and read back through it. A value without the prefix is a key stored before this
/// existed: it is still read as it is, and <see cref="MigrateAsync"/> (run at start) encrypts every such row.
/// </summary>
/// <remarks>
/// Chosen over Identity's <c>ProtectPersonalData</c>, which needs a deterministic lookup protector for email and user
/// name and does not cover tokens; the key ring is the one that already protects cookies (in the store on PostgreSQL).
/// </remarks>
public sealed class ProtectedTokenStore(SecOpsDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<SecOpsUser, IdentityRole, SecOpsDbContext>(context, describer)
{
    public const string Provider = "[AspNetUserStore]";
    public const string Prefix = "dp1:";
    private const string Purpose = "SecOps.Accounts.UserTokens.v1";

    /// <summary>Tokens that are secrets: the TOTP key and the unused recovery codes.</summary>
    public static readonly IReadOnlySet<string> SecretTokens = new HashSet<string>(StringComparer.Ordinal) { "AuthenticatorKey", "RecoveryCodes" };

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    private static bool IsSecret(string loginProvider, string name) =>
        (loginProvider == Provider && SecretTokens.Contains(name))
        // The provider's ID token kept for signing out there (ProviderSignOut): it names the person.
        || (loginProvider == SingleSignOnOptions.Scheme && name == ProviderSignOut.IdTokenName);

    public override Task SetTokenAsync(SecOpsUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, value is not null && IsSecret(loginProvider, name) ? Protect(_protector, value) : value, cancellationToken);

    public override async Task<string?> GetTokenAsync(SecOpsUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        return value is not null && IsSecret(loginProvider, name) && value.StartsWith(Prefix, StringComparison.Ordinal)
            ? _protector.Unprotect(value[Prefix.Length..])
            : value;
    }

    private static string Protect(IDataProtector protector, string value) => Prefix + protector.Protect(value);

    /// <summary>
    /// Encrypts the secret tokens still stored in plain text. Each row is replaced only if it still holds the value read,
    /// so a key changed meanwhile (or by another instance) is never overwritten. Returns how many rows it encrypted.
    /// </summary>
    public static async Task<int> MigrateAsync(SecOpsDbContext db, IDataProtectionProvider protection, CancellationToken cancellationToken)
    {
        var protector = protection.CreateProtector(Purpose);
        string[] names = [.. SecretTokens];
        var plain = await db.UserTokens
            .Where(t => t.LoginProvider == Provider && names.Contains(t.Name) && t.Value != null && !t.Value.StartsWith(Prefix))
            .Select(t => new { t.UserId, t.Name, t.Value })
            .ToListAsync(cancellationToken);
        var migrated = 0;
        foreach (var row in plain)
        {
            var encrypted = Protect(protector, row.Value!);
            migrated += await db.UserTokens
                .Where(t => t.UserId == row.UserId && t.LoginProvider == Provider && t.Name == row.Name && t.Value == row.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, encrypted), cancellationToken);
        }
        return migrated;
    }
}
