using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Turns an identity the OpenID Connect provider vouched for into a SecOps session, through the same Identity sign-in as a
/// password (so roles, MFA, session timeouts, revalidation, ended sessions and the audit trail work unchanged): find the
/// linked account, else link the account with the same verified email (or make one, if configured), refuse a disabled
/// one, send a person whose role needs MFA to enrolment, and ask for TOTP unless the provider's MFA is trusted.
/// </summary>
public sealed class ExternalSignIn(
    SignInManager<SecOpsUser> signIn,
    MfaPolicy mfa,
    MfaEnrolment enrolment,
    AuditTrail audit,
    TimeProvider time,
    BackChannelLogout backChannel,
    IOptions<SingleSignOnOptions> options)
{
    public enum Refusal { Failed, NoVerifiedEmail, NoAccount, Disabled, LinkedElsewhere, NoRole }

    /// <summary>Where the sign-in goes on: signed in, the TOTP step, enrolment; or refused (<see cref="Refused"/> set).</summary>
    public sealed record Outcome(string? Next, Refusal? Refused);

    public const string RefusalQuery = "sso";

    private const string Via = "OpenID Connect";

    private UserManager<SecOpsUser> Users => signIn.UserManager;

    private SingleSignOnOptions Options => options.Value;

    public static string RefusedPath(Refusal refusal) => $"/account/login?{RefusalQuery}={refusal.ToString().ToLowerInvariant()}";

    public static Refusal? ParseRefusal(string? value) => Enum.TryParse<Refusal>(value, ignoreCase: true, out var refusal) ? refusal : null;

    public async Task<Outcome> CompleteAsync(HttpContext http, string returnUrl)
    {
        var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        // A new session: whatever this browser held before (and the external cookie, read above) is dropped first.
        await signIn.SignOutAsync();
        var subject = external.Principal?.FindFirstValue("sub");
        if (!external.Succeeded || string.IsNullOrEmpty(subject))
        {
            // Not a sign-in attempt (this address opened directly, or the five minutes passed): nothing to audit.
            return new(null, Refusal.Failed);
        }
        var principal = external.Principal!;
        var user = await Users.FindByLoginAsync(SingleSignOnOptions.Scheme, subject);
        if (user is null)
        {
            var (linked, refused) = await LinkAsync(principal, subject);
            if (refused is not null)
            {
                return refused;
            }
            user = linked!;
        }
        var actor = ActorOf(user);
        if (await Users.IsLockedOutAsync(user))
        {
            return await RefuseAsync(actor, "account.sign-in", null, Via + ": account disabled or locked", Refusal.Disabled);
        }
        if (external.Properties?.GetTokenValue(ProviderSignOut.IdTokenName) is { Length: > 0 } idToken)
        {
            await Users.SetAuthenticationTokenAsync(user, SingleSignOnOptions.Scheme, ProviderSignOut.IdTokenName, idToken);
        }
        if (principal.FindFirstValue("sid") is { Length: > 0 } providerSession)
        {
            // So a back-channel logout naming only the provider's session finds the account (BackChannelLogout).
            await backChannel.RememberSessionAsync(user.Id, providerSession, CancellationToken.None);
        }
        if (!await Users.GetTwoFactorEnabledAsync(user) && mfa.IsRequiredFor(await Users.GetRolesAsync(user)))
        {
            await enrolment.StartPendingAsync(http, user);
            await audit.AppendAsync(actor, "account.sign-in", null, Via + ", MFA enrolment required", AuditOutcome.Success, CancellationToken.None);
            return new(MfaEnrolmentGate.EnrolPath + "?returnUrl=" + Uri.EscapeDataString(returnUrl), null);
        }
        var providerMfa = Options.TrustProviderMfa && principal.FindAll("amr").Any(c => c.Value == "mfa");
        var result = await signIn.ExternalLoginSignInAsync(SingleSignOnOptions.Scheme, subject, isPersistent: false, bypassTwoFactor: providerMfa);
        if (result.Succeeded)
        {
            var how = providerMfa && await Users.GetTwoFactorEnabledAsync(user) ? Via + ", the provider's MFA accepted" : Via;
            await audit.AppendAsync(actor, "account.sign-in", null, how, AuditOutcome.Success, CancellationToken.None);
            return new(returnUrl, null);
        }
        if (result.RequiresTwoFactor)
        {
            // The TOTP page finishes the sign-in and audits it (naming OpenID Connect from the two-factor cookie).
            return new("/account/login/mfa?returnUrl=" + Uri.EscapeDataString(returnUrl), null);
        }
        return await RefuseAsync(actor, "account.sign-in", null, Via + (result.IsLockedOut ? ": account disabled or locked" : ": not allowed"),
            result.IsLockedOut ? Refusal.Disabled : Refusal.Failed);
    }

    /// <summary>The account this identity belongs to, linked now: by verified email, or made (only when configured).</summary>
    private async Task<(SecOpsUser? User, Outcome? Refused)> LinkAsync(ClaimsPrincipal principal, string subject)
    {
        var email = principal.FindFirstValue("email");
        var verified = Options.EmailVerifiedByProvider || string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(email) || !verified)
        {
            return (null, await RefuseAsync(Actor.Anonymous, "account.sso-link", null, Via + ": refused, no verified email from the provider", Refusal.NoVerifiedEmail));
        }
        var user = await Users.FindByEmailAsync(email);
        if (user is null)
        {
            return Options.CreateAccounts
                ? await CreateAsync(principal, email)
                : (null, await RefuseAsync(Actor.Anonymous, "account.sso-link", null, Via + ": refused, no account has the provider's email", Refusal.NoAccount));
        }
        var actor = ActorOf(user);
        var target = "user:" + user.Id;
        if (await Users.IsLockedOutAsync(user))
        {
            return (null, await RefuseAsync(actor, "account.sso-link", target, Via + ": refused, account disabled or locked", Refusal.Disabled));
        }
        // One identity at the provider per account: a second one with the same email (a reissued address) is not let in.
        if ((await Users.GetLoginsAsync(user)).Any(l => l.LoginProvider == SingleSignOnOptions.Scheme))
        {
            return (null, await RefuseAsync(actor, "account.sso-link", target, Via + ": refused, linked to another identity at the provider", Refusal.LinkedElsewhere));
        }
        var added = await Users.AddLoginAsync(user, new UserLoginInfo(SingleSignOnOptions.Scheme, subject, Options.DisplayName));
        if (!added.Succeeded)
        {
            return (null, await RefuseAsync(actor, "account.sso-link", target, Via + ": refused, " + string.Join(", ", added.Errors.Select(e => e.Code)), Refusal.Failed));
        }
        await audit.AppendAsync(actor, "account.sso-link", target, Via + ": linked by verified email", AuditOutcome.Success, CancellationToken.None);
        return (user, null);
    }

    private async Task<(SecOpsUser? User, Outcome? Refused)> CreateAsync(ClaimsPrincipal principal, string email)
    {
        var role = RoleFor(principal);
        if (role is null)
        {
            return (null, await RefuseAsync(Actor.Anonymous, "account.sso-link", null, Via + ": refused, no role maps from the provider's claims", Refusal.NoRole));
        }
        var user = new SecOpsUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = principal.FindFirstValue("name") is { Length: > 0 } name ? name : email,
            CreatedAt = time.GetUtcNow(),
        };
        var created = await Users.CreateAsync(user);
        if (!created.Succeeded || !(await Users.AddToRoleAsync(user, role)).Succeeded)
        {
            return (null, await RefuseAsync(Actor.Anonymous, "account.create", null, Via + ": refused, " + string.Join(", ", created.Errors.Select(e => e.Code)), Refusal.Failed));
        }
        await audit.AppendAsync(ActorOf(user), "account.create", "user:" + user.Id, $"first sign-in via {Via}, role {role}", AuditOutcome.Success, CancellationToken.None);
        var subject = principal.FindFirstValue("sub")!;
        await Users.AddLoginAsync(user, new UserLoginInfo(SingleSignOnOptions.Scheme, subject, Options.DisplayName));
        await audit.AppendAsync(ActorOf(user), "account.sso-link", "user:" + user.Id, Via + ": linked at creation", AuditOutcome.Success, CancellationToken.None);
        return (user, null);
    }

    /// <summary>The most privileged role the claims map to, else the default role (never admin); null when neither gives one.</summary>
    private string? RoleFor(ClaimsPrincipal principal)
    {
        var mapped = principal.FindAll(Options.RoleClaim)
            .Select(c => Options.RoleMap.GetValueOrDefault(c.Value))
            .Where(r => r is not null && Roles.All.Contains(r))
            .MaxBy(r => Roles.All.ToList().IndexOf(r!));
        return mapped ?? (string.IsNullOrEmpty(Options.DefaultRole) || Options.DefaultRole == Roles.Admin ? null : Options.DefaultRole);
    }

    private async Task<Outcome> RefuseAsync(Actor actor, string action, string? target, string details, Refusal refusal)
    {
        await audit.AppendAsync(actor, action, target, details, AuditOutcome.Failed, CancellationToken.None);
        return new(null, refusal);
    }

    private static Actor ActorOf(SecOpsUser user) => new(user.Id, user.Id, new HashSet<Permission>());
}
