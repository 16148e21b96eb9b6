using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Security;

/// <summary>
/// Cross-site WebSocket hijacking defence for <c>/hubs/soc</c> and Blazor's circuit (<c>/_blazor</c>): a browser always sends
/// <c>Origin</c> on WebSocket and cross-origin requests, and a page on another site cannot forge it, so a request whose
/// Origin is neither this app's own (the host and port the request came to) nor one
/// configured in <see cref="SecurityOptions.AllowedOrigins"/> is refused with 403 before SignalR sees it. Without the
/// check a hostile page could open the circuit or the hub with the analyst's cookie. Requests without Origin
/// (non-browser clients with an API key, which carry no ambient credentials) pass.
/// </summary>
public static class OriginCheck
{
    private static readonly PathString[] Guarded = ["/hubs", "/_blazor"];

    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app)
    {
        var allowed = app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value.Origins();
        return app.Use((context, next) =>
        {
            if (IsGuarded(context.Request.Path) && !IsAllowed(context.Request, allowed))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }
            return next(context);
        });
    }

    public static bool IsGuarded(PathString path) => Guarded.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static bool IsAllowed(HttpRequest request, IReadOnlySet<string> configured)
    {
        var origins = request.Headers.Origin;
        if (origins.Count == 0)
        {
            return true;
        }
        if (origins.Count > 1 || string.IsNullOrEmpty(origins[0]) || origins[0] == "null")
        {
            return false;
        }
        var origin = SecurityOptions.Normalise(origins[0]!);
        // Own origin by host and port only: behind a TLS-terminating proxy the request may look like plain HTTP while the
        // page is HTTPS; a page on another site can never carry this host, which is what the check is for.
        var own = Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", request.Host.Value, StringComparison.OrdinalIgnoreCase);
        return own || configured.Contains(origin);
    }
}
