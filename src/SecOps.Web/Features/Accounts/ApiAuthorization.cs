using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Authentication for the API and the hub. Writes (ingest) take API keys only, so a signed-in browser can
/// never be made to post on someone's behalf; reads take an API key or the sign-in cookie. Either way an
/// unauthenticated call gets 401 and a wrong scope 403, never a redirect.
/// </summary>
public static class ApiAuthorization
{
    public const string ApiOrCookieScheme = "ApiOrCookie";
    public const string IngestPolicy = "api-ingest";
    public const string AuditIngestPolicy = "api-audit-ingest";
    public const string ReadPolicy = "api-read";
    public const string MetricsPolicy = "api-metrics";
    public const string IncidentsWritePolicy = "api-incidents-write";

    public static void AddPolicies(AuthorizationBuilder authorization)
    {
        authorization.AddPolicy(IngestPolicy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => Actor.From(c.User).Can(Permission.AlertsIngest)));
        authorization.AddPolicy(AuditIngestPolicy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => Actor.From(c.User).Can(Permission.AuditEventsIngest)));
        authorization.AddPolicy(ReadPolicy, p => p
            .AddAuthenticationSchemes(ApiOrCookieScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => Actor.From(c.User).Can(Permission.AlertsRead)));
        // API keys only: a cookie never authorises a write through the API (no cross-site request can ride on a session).
        authorization.AddPolicy(IncidentsWritePolicy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => Actor.From(c.User) is var actor && (actor.Can(Permission.IncidentsEscalate) || actor.Can(Permission.IncidentsWrite))));
        authorization.AddPolicy(MetricsPolicy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => Actor.From(c.User).Can(Permission.MetricsRead)));
    }

    public static string SelectScheme(HttpContext context) =>
        ApiKeyAuthenticationHandler.HasApiKeyHeader(context.Request)
            ? ApiKeyAuthenticationHandler.SchemeName
            : IdentityConstants.ApplicationScheme;

    /// <summary>API and hub paths answer with status codes; pages redirect to the sign-in page.</summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi");
}
