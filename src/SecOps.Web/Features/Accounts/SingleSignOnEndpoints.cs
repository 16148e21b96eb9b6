using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// <c>/account/sso</c> sends the browser to the provider; <c>/account/sso/callback</c> is where it comes back (after the
/// handler's own <see cref="SingleSignOnSetup.CallbackPath"/>); the provider posts logout tokens to
/// <see cref="BackChannelLogout.Path"/>. All answer 404 while single sign-on is off.
/// </summary>
public static class SingleSignOnEndpoints
{
    public const string StartPath = "/account/sso";

    // A logout token is a few kilobytes at most: one field, small limits, so the form reader stops early on anything else.
    private static readonly FormOptions LogoutForm = new() { ValueCountLimit = 4, KeyLengthLimit = 64, ValueLengthLimit = 16 * 1024, MultipartBodyLengthLimit = 32 * 1024 };

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
        // Server to server (the provider's back channel): no browser, no cookie, so no antiforgery token; the signed
        // logout token is the only credential, and this endpoint can only end sessions.
        app.MapPost(BackChannelLogout.Path, async (HttpContext http, BackChannelLogout logout, IOptions<SingleSignOnOptions> options) =>
        {
            if (!options.Value.Enabled)
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "no-store";
            string? token;
            try
            {
                token = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(LogoutForm, http.RequestAborted))["logout_token"].ToString() : null;
            }
            catch (InvalidDataException)
            {
                token = null;
            }
            var outcome = await logout.ReceiveAsync(token, http.RequestAborted);
            return outcome.Result switch
            {
                BackChannelLogout.Result.Accepted => Results.Ok(),
                BackChannelLogout.Result.Refused => Results.BadRequest(new { error = "invalid_request", error_description = outcome.Why }),
                _ => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
            };
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
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
