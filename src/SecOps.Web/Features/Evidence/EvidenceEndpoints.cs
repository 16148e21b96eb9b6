using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Evidence;

/// <summary>
/// <c>GET /incidents/{id}/evidence/{evidenceId}</c>: the file, only ever as an attachment of type
/// <c>application/octet-stream</c> with <c>nosniff</c> (and the app's CSP), so an HTML or SVG upload is saved, never
/// rendered. A restricted incident's evidence answers an outsider 404; bytes that no longer match their SHA-256 are refused (409).
/// </summary>
public static class EvidenceEndpoints
{
    public const string ContentType = "application/octet-stream";

    public static string Path(long incidentId, long evidenceId) => $"/incidents/{incidentId}/evidence/{evidenceId}";

    public static WebApplication MapEvidenceEndpoints(this WebApplication app)
    {
        app.MapGet("/incidents/{id:long}/evidence/{evidenceId:long}", DownloadAsync).RequireAuthorization(PermissionPolicy.IncidentsRead).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, IncidentEvidence evidence, long id, long evidenceId, CancellationToken cancellationToken)
    {
        EvidenceDownload download;
        try
        {
            download = await evidence.DownloadAsync(Actor.From(http.User), id, evidenceId, cancellationToken);
        }
        catch (AccessDeniedException)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        return Serve(http, download);
    }

    /// <summary>The download as the answer: 404 when missing or not to be seen, 409 when its bytes fail the hash, else the attachment.</summary>
    public static IResult Serve(HttpContext http, EvidenceDownload download)
    {
        if (download.File is null)
        {
            return Results.NotFound();
        }
        if (download.Tampered)
        {
            return Results.Problem("The stored file no longer matches the SHA-256 recorded when it was uploaded, so it was not served. The refusal is in the chain of custody and the audit trail.",
                statusCode: StatusCodes.Status409Conflict, title: "Evidence integrity check failed");
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(download.Content!, ContentType, download.File.FileName);
    }
}
