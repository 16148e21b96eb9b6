using Microsoft.Extensions.FileProviders;

namespace SecOps.Web.Hosting;

/// <summary>
/// A web root without Blazor's script would serve every page with nothing working behind it (the failure of a published
/// app started from the wrong folder), so the app refuses to start instead and says where it looked.
/// </summary>
public static class WebRootCheck
{
    public const string BlazorScript = "_framework/blazor.web.js";

    public static void RequireBlazorScript(IFileProvider webRoot, string webRootPath)
    {
        if (!webRoot.GetFileInfo(BlazorScript).Exists)
        {
            throw new InvalidOperationException(
                $"SecOps cannot start: its web root '{webRootPath}' has no {BlazorScript}, so pages would load without working. " +
                "Start the published SecOps.Web.dll as it was published (with the wwwroot folder beside it), or run from source " +
                "with `dotnet run --project src/SecOps.Web`; a --contentRoot or --webroot setting must point at the published folder.");
        }
    }
}
