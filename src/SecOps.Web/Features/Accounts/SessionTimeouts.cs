using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Idle and absolute session timeouts (<see cref="AccountOptions.IdleTimeout"/>, <see cref="AccountOptions.AbsoluteTimeout"/>;
/// OWASP ASVS 7.3). Idle: the sign-in cookie's ticket lives <c>IdleTimeout</c> and slides with use (interactive pages renew
/// it while the person works, see <c>/account/alive</c>). Absolute: the moment of sign-in is kept in the ticket, survives
/// sliding renewals and the minute's security-stamp refresh, and a ticket older than <c>AbsoluteTimeout</c> is rejected;
/// it also reaches the principal as <see cref="SignedInClaim"/> so open circuits end at their next revalidation.
/// </summary>
public static class SessionTimeouts
{
    public const string SignedInItem = ".secops.signed-in";
    public const string SignedInClaim = "secops:signed_in";

    public static void Configure(CookieAuthenticationOptions cookie, AccountOptions accounts)
    {
        cookie.ExpireTimeSpan = accounts.IdleTimeout;
        cookie.SlidingExpiration = true;
        var signingIn = cookie.Events.OnSigningIn;
        cookie.Events.OnSigningIn = context =>
        {
            // A new sign-in has new properties; a re-issue of the same session keeps its first moment.
            if (!context.Properties.Items.ContainsKey(SignedInItem))
            {
                context.Properties.Items[SignedInItem] = Now(context.Options, context.HttpContext).ToString("O", CultureInfo.InvariantCulture);
            }
            return signingIn(context);
        };
        var validate = cookie.Events.OnValidatePrincipal;
        cookie.Events.OnValidatePrincipal = async context =>
        {
            var signedIn = SignedIn(context.Properties);
            if (signedIn is null || Now(context.Options, context.HttpContext) - signedIn.Value >= accounts.AbsoluteTimeout)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(context.Scheme.Name);
                return;
            }
            await validate(context);
            if (context.Principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SignedInClaim))
            {
                identity.AddClaim(new Claim(SignedInClaim, signedIn.Value.ToString("O", CultureInfo.InvariantCulture)));
            }
        };
    }

    /// <summary>Whether a principal's sign-in (from <see cref="SignedInClaim"/>) is past the absolute timeout; principals without it are not cookie sessions.</summary>
    public static bool IsPastAbsolute(ClaimsPrincipal principal, DateTimeOffset now, TimeSpan absoluteTimeout) =>
        principal.FindFirst(SignedInClaim)?.Value is { } value
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedIn)
        && now - signedIn >= absoluteTimeout;

    private static DateTimeOffset? SignedIn(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(SignedInItem, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedIn)
            ? signedIn : null;

    private static DateTimeOffset Now(CookieAuthenticationOptions options, HttpContext context) =>
        (options.TimeProvider ?? context.RequestServices.GetRequiredService<TimeProvider>()).GetUtcNow();
}
