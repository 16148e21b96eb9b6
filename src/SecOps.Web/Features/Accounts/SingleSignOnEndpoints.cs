using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// <c>/account/sso</c> sends the browser to the provider; <c>/account/sso/callback</c> is where it comes back (after the
/// handler's own <see cref="SingleSignOnSetup.CallbackPath"/>). Both answer 404 while single sign-on is off.
/// </summary>
public static class SingleSignOnEndpoints
{
    public const string StartPath = "/account/sso";

    public static IEndpointRouteBuilder MapSingleSignOnEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(StartPath, (string? returnUrl, SignInManager<SecOpsUser> signIn, IOptions<SingleSignOnOptions> options) =>
        {
            if (!options.Value.Enabled)
            {
                return Results.NotFound();
            }
            var callback = StartPath + "/callback?returnUrl=" + Uri.EscapeDataString(LocalRedirect.Sanitize(returnUrl));
            return Results.Challenge(signIn.ConfigureExternalAuthenticationProperties(SingleSignOnOptions.Scheme, callback), [SingleSignOnOptions.Scheme]);
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(StartPath + "/callback", async (string? returnUrl, HttpContext http, ExternalSignIn externalSignIn, IOptions<SingleSignOnOptions> options) =>
        {
            if (!options.Value.Enabled)
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "no-store";
            var outcome = await externalSignIn.CompleteAsync(http, LocalRedirect.Sanitize(returnUrl));
            return outcome.Refused is { } refused ? Results.LocalRedirect(ExternalSignIn.RefusedPath(refused)) : SameSiteLanding(outcome.Next!);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A page that moves on by itself instead of a redirect: the browser came here in a navigation the provider's site
    /// started, and would not send the SameSite=Strict session cookie on a redirect in that chain; a navigation this page
    /// starts is same-site. Sign-out uses it to go on to the provider, since a form post may redirect only to this site
    /// (CSP <c>form-action 'self'</c>). No script (the CSP allows none inline): a meta refresh, and a link.
    /// </summary>
    public static IResult SameSiteLanding(string address)
    {
        var url = WebUtility.HtmlEncode(address);
        return Results.Content($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={url}"><title>Continuing · SecOps</title></head>
            <body><p><a href="{url}">Continue</a></p></body></html>
            """, "text/html; charset=utf-8");
    }
}
