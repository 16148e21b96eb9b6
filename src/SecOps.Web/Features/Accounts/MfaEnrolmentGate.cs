namespace SecOps.Web.Features.Accounts;

/// <summary>
/// A signed-in person whose role requires MFA and who has none (a role granted while signed in, or the rule changed)
/// can do nothing but enrol: pages redirect to enrolment, the API, hubs and circuits answer 403.
/// </summary>
public static class MfaEnrolmentGate
{
    public const string EnrolPath = "/account/mfa/enrol";

    private static readonly string[] OpenPrefixes = ["/account/", "/health/", "/_framework/", "/_content/", "/css/", "/img/", "/js/", "/favicon"];
    private static readonly string[] RefusedPrefixes = ["/api/", "/hubs/", "/_blazor", "/openapi/"];

    public static IApplicationBuilder UseMfaEnrolmentGate(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path.Value ?? "/";
        if (OpenPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            || !context.RequestServices.GetRequiredService<MfaPolicy>().MustEnrol(context.User))
        {
            return next(context);
        }
        if (RefusedPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        context.Response.Redirect(EnrolPath + "?returnUrl=" + Uri.EscapeDataString(LocalRedirect.Sanitize(path + context.Request.QueryString)));
        return Task.CompletedTask;
    });
}
