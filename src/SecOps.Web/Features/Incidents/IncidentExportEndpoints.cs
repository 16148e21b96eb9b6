using System.Text;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// <c>GET /incidents/{id}/export.csv</c> (the timeline) and <c>/incidents/{id}/export.md</c> (the whole incident), as
/// downloads; need-to-know applies, so a restricted incident answers an outsider 404 like a missing one.
/// </summary>
public static class IncidentExportEndpoints
{
    public static WebApplication MapIncidentExportEndpoints(this WebApplication app)
    {
        app.MapGet("/incidents/{id:long}/export.csv", (HttpContext http, IncidentExportReader reader, long id, CancellationToken ct) =>
            ExportAsync(http, reader, id, data => Results.File(IncidentExport.Csv(data), Reports.ReportFiles.CsvType, IncidentExport.FileName(id, "csv")), ct))
            .RequireAuthorization(PermissionPolicy.IncidentsRead).ExcludeFromDescription();
        app.MapGet("/incidents/{id:long}/export.md", (HttpContext http, IncidentExportReader reader, long id, CancellationToken ct) =>
            ExportAsync(http, reader, id, data => Results.File(Encoding.UTF8.GetBytes(IncidentExport.Markdown(data)), "text/markdown; charset=utf-8", IncidentExport.FileName(id, "md")), ct))
            .RequireAuthorization(PermissionPolicy.IncidentsRead).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, IncidentExportReader reader, long id, Func<IncidentExportData, IResult> write, CancellationToken cancellationToken)
    {
        IncidentExportData? data;
        try
        {
            data = await reader.ReadAsync(Actor.From(http.User), id, cancellationToken);
        }
        catch (AccessDeniedException)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (data is null)
        {
            return Results.NotFound();
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return write(data);
    }
}
