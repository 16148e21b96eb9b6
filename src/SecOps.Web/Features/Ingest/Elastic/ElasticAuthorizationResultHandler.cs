using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace SecOps.Web.Features.Ingest.Elastic;

/// <summary>Endpoint metadata: the endpoint answers authentication and authorization failures like Elasticsearch.</summary>
public sealed class ElasticCompatibleEndpointMetadata
{
    public static readonly ElasticCompatibleEndpointMetadata Instance = new();

    private ElasticCompatibleEndpointMetadata()
    {
    }
}

/// <summary>
/// Refusals on the Elasticsearch-compatible endpoint carry Elasticsearch's <c>security_exception</c> body (status,
/// <c>WWW-Authenticate</c> and <c>X-Elastic-Product</c> as usual), because shippers read it: rsyslog's
/// omelasticsearch reports the reason and keeps the batch in its error file only when the reply is JSON, and the
/// official clients raise an <c>AuthenticationException</c> naming the error type. Every other endpoint keeps the
/// framework's answer.
/// </summary>
public sealed class ElasticAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.GetEndpoint()?.Metadata.GetMetadata<ElasticCompatibleEndpointMetadata>() is null)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        foreach (var scheme in policy.AuthenticationSchemes)
        {
            if (authorizeResult.Forbidden)
            {
                await context.ForbidAsync(scheme);
            }
            else
            {
                await context.ChallengeAsync(scheme);
            }
        }
        var path = ElasticPath(context.Request);
        string reason;
        if (authorizeResult.Forbidden)
        {
            reason = $"action [{ActionOf(context.Request)}] is unauthorized for {context.User.Identity?.Name ?? "this API key"}, this action is granted by the API key scope [ingest]";
        }
        else if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            reason = $"missing authentication credentials for REST request [{path}]";
        }
        else
        {
            reason = "unable to authenticate with provided credentials and anonymous access is not allowed for this request";
        }
        var status = authorizeResult.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        var authenticate = context.Response.Headers.WWWAuthenticate.Where(v => v is not null).Select(v => v!).ToList();
        var cause = new ElasticSecurityError("security_exception", reason, authenticate.Count > 0 ? new ElasticSecurityHeaders(authenticate) : null);
        context.Response.StatusCode = status;
        context.Response.Headers[ElasticCompatibleEndpoints.ProductHeader] = ElasticCompatibleEndpoints.ProductName;
        await context.Response.WriteAsJsonAsync(new ElasticSecurityErrorResponse(new ElasticSecurityErrorBody([cause], cause.Type, cause.Reason, cause.Header), status));
    }

    /// <summary>The request path as Elasticsearch would name it: relative to the compatible endpoint's root.</summary>
    private static string ElasticPath(HttpRequest request) =>
        request.Path.StartsWithSegments(ElasticCompatibleEndpoints.Root, out var rest) && rest.HasValue ? rest.Value! : "/";

    private static string ActionOf(HttpRequest request) =>
        ElasticPath(request).EndsWith("/_bulk", StringComparison.Ordinal) ? "indices:data/write/bulk"
        : ElasticPath(request).EndsWith("/_license", StringComparison.Ordinal) ? "cluster:monitor/xpack/license/get"
        : "cluster:monitor/main";
}
