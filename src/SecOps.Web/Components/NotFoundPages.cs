using Microsoft.AspNetCore.Diagnostics;

namespace SecOps.Web.Components;

/// <summary>
/// An address inside the app that nothing serves gets the app's own not-found page, in its layout, with status 404
/// (<see cref="Pages.NotFoundPage"/>). Only for pages: the API, the hub, health, OpenAPI and back-channel logout keep their bare status codes,
/// and only a 404 is re-executed (a 400 from a form or a 401 keeps what its handler wrote).
/// </summary>
public static class NotFoundPages
{
    public const string Path = "/not-found";

    // The single sign-on provider's back-channel logout is server to server too (and a POST, which the page would refuse for want of an antiforgery token).
    private static readonly PathString[] Machine = ["/api", "/hubs", "/health", "/openapi", "/metrics", "/_framework", "/_content", "/_blazor",
        Features.Accounts.BackChannelLogout.Path];

    public static IApplicationBuilder UseNotFoundPage(this IApplicationBuilder app)
    {
        app.UseStatusCodePagesWithReExecute(Path, createScopeForStatusCodePages: true);
        return app.Use(async (context, next) =>
        {
            var page = IsPage(context.Request.Path);
            await next(context);
            if ((!page || context.Response.StatusCode != StatusCodes.Status404NotFound) && context.Features.Get<IStatusCodePagesFeature>() is { } feature)
            {
                feature.Enabled = false;
            }
        });
    }

    /// <summary>A page address: not a machine endpoint, and not a file (a missing script or image stays a bare 404).</summary>
    public static bool IsPage(PathString path) =>
        !Machine.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) && !System.IO.Path.HasExtension(path.Value);
}
