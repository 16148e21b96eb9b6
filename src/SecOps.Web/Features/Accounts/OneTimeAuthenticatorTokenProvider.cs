using System.Globalization;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Identity's authenticator (TOTP) provider with replay protection (RFC 6238 §5.2, ASVS 6.5.1): a code is accepted for
/// the same ±2 time steps as Identity's, but only for a time step later than the last one this person used, which is
/// kept as a user token. Saving it goes through the user's concurrency stamp, so of two requests racing with the same
/// code only one succeeds.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(TimeProvider time) : AuthenticatorTokenProvider<SecOpsUser>
{
    public const string LastStepToken = "AuthenticatorLastStep";

    private static readonly VerificationWindow Window = new(previous: 2, future: 2);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<SecOpsUser> manager, SecOpsUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = token.Trim();
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, Window))
        {
            return false;
        }
        var last = await manager.GetAuthenticationTokenAsync(user, ProtectedTokenStore.Provider, LastStepToken);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var used) && step <= used)
        {
            return false;
        }
        var saved = await manager.SetAuthenticationTokenAsync(user, ProtectedTokenStore.Provider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
        return saved.Succeeded;
    }
}
