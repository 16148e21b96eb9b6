using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // POST only, with the antiforgery token the sign-out form carries, so no other site can sign a user out.
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<SecOpsUser> signIn, AuditTrail audit, IAntiforgery antiforgery, ProviderSignOut provider) =>
        {
            var actor = Actor.From(http.User);
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                // Someone else's page posting here: refused. Without a session (it lapsed) there is nothing to end.
                return actor == Actor.Anonymous ? Results.LocalRedirect("/account/login") : Results.BadRequest();
            }
            // A new security stamp: a copy of this cookie is dead at its next check (one minute) and every open circuit
            // of this person ends at its next revalidation, not only the tab that signed out.
            string? atProvider = null;
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
                atProvider = await provider.EndSessionAddressAsync(http, signIn.UserManager, user);
            }
            await signIn.SignOutAsync();
            if (actor != Actor.Anonymous)
            {
                await audit.AppendAsync(actor, "account.sign-out", null, atProvider is null ? null : "and at the single sign-on provider", AuditOutcome.Success, http.RequestAborted);
            }
            http.Response.Headers["Clear-Site-Data"] = "\"cache\"";
            return atProvider is null ? Results.LocalRedirect("/account/login") : SingleSignOnEndpoints.SameSiteLanding(atProvider);
        });
        // Interactive pages call this when the person types or clicks (layout.js), so working in an open page counts as
        // activity for the idle timeout: the sign-in cookie slides on any authenticated request.
        app.MapGet("/account/alive", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.NoContent();
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
