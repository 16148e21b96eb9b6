using Microsoft.AspNetCore.Identity;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // POST only, with the antiforgery token the sign-out form carries, so no other site can sign a user out.
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<SecOpsUser> signIn, AuditTrail audit) =>
        {
            var actor = Actor.From(http.User);
            await signIn.SignOutAsync();
            if (actor != Actor.Anonymous)
            {
                await audit.AppendAsync(actor, "account.sign-out", null, null, AuditOutcome.Success, http.RequestAborted);
            }
            return Results.LocalRedirect("/account/login");
        });
        return app;
    }
}
