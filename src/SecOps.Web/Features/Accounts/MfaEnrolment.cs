using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// TOTP enrolment with Identity's authenticator token provider: the key as a QR code and as text, confirmation with a
/// code, then ten one-time recovery codes. Someone whose role requires MFA reaches it after the password step
/// holding only a short-lived enrolment cookie, so they can do nothing else until enrolled.
/// </summary>
public sealed class MfaEnrolment(UserManager<SecOpsUser> users, SignInManager<SecOpsUser> signIn, AuditTrail audit, ILogger<MfaEnrolment> logger)
{
    public const string Scheme = "SecOps.MfaEnrolment";
    public const string Issuer = "SecOps";
    public const int RecoveryCodeCount = 10;

    /// <summary>After a right password: hold the person in enrolment, not signed in.</summary>
    public async Task StartPendingAsync(HttpContext http, SecOpsUser user)
    {
        await signIn.SignOutAsync();
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim("stamp", await users.GetSecurityStampAsync(user))], Scheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    /// <summary>The person enrolling: held in enrolment after the password step, or signed in. Null for anyone else.</summary>
    public async Task<(SecOpsUser User, bool Pending)?> FindAsync(HttpContext http)
    {
        var pending = await http.AuthenticateAsync(Scheme);
        if (pending.Succeeded && await users.FindByIdAsync(pending.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "") is { } held
            && pending.Principal.FindFirstValue("stamp") == await users.GetSecurityStampAsync(held) && !await users.IsLockedOutAsync(held))
        {
            return (held, true);
        }
        return http.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(http.User) is { } signedIn ? (signedIn, false) : null;
    }

    /// <summary>The key to enrol, made on first need and kept until enrolment confirms it.</summary>
    public async Task<string> KeyAsync(HttpContext http, SecOpsUser user, bool pending)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Resetting the key changes the security stamp: carry the held or signed-in state over to the new stamp.
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            if (pending)
            {
                await StartPendingAsync(http, user);
            }
            else
            {
                await signIn.RefreshSignInAsync(user);
            }
        }
        return key;
    }

    public static string FormatKey(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    public static string AuthenticatorUri(string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>A PNG data URI (the CSP allows <c>img-src data:</c>, no script and no inline SVG needed).</summary>
    public static string QrCodeDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5, [16, 33, 61], [255, 255, 255]);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>Checks the code; on success turns MFA on, signs the person in and returns the recovery codes to show once.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(HttpContext http, SecOpsUser user, bool pending, string code)
    {
        var actor = new Actor(user.Id, user.Id, new HashSet<Permission>());
        var clean = code.Replace(" ", "").Replace("-", "");
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, clean))
        {
            await users.AccessFailedAsync(user);
            var lockedOut = await users.IsLockedOutAsync(user);
            await audit.AppendAsync(actor, "account.mfa-enrol", "user:" + user.Id, lockedOut ? "wrong code, locked out" : "wrong code", AuditOutcome.Failed, CancellationToken.None);
            if (lockedOut)
            {
                await http.SignOutAsync(Scheme);
            }
            return null;
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        await users.ResetAccessFailedCountAsync(user);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        if (pending)
        {
            await http.SignOutAsync(Scheme);
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        }
        else
        {
            await signIn.RefreshSignInAsync(user);
        }
        await audit.AppendAsync(actor, "account.mfa-enrolled", "user:" + user.Id, $"TOTP on, {codes.Count} recovery codes", AuditOutcome.Success, CancellationToken.None);
        logger.LogInformation("User {UserId} enrolled TOTP.", user.Id);
        return codes;
    }
}
