using System.Text;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Evidence;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// <c>GET /incidents/{id}/export.csv</c> (the timeline) and <c>/incidents/{id}/export.md</c> (the whole incident), as
/// downloads; need-to-know applies, so a restricted incident answers an outsider 404 like a missing one.
/// </summary>
public static class IncidentExportEndpoints
{
    public static WebApplication MapIncidentExportEndpoints(this WebApplication app)
    {
        app.MapGet("/incidents/{id:long}/export.csv", (HttpContext http, IncidentQueries queries, IncidentEvidence evidence, long id, CancellationToken ct) =>
            ExportAsync(http, queries, evidence, id, data => Results.File(IncidentExport.Csv(data), Reports.ReportFiles.CsvType, IncidentExport.FileName(id, "csv")), ct))
            .RequireAuthorization(PermissionPolicy.IncidentsRead).ExcludeFromDescription();
        app.MapGet("/incidents/{id:long}/export.md", (HttpContext http, IncidentQueries queries, IncidentEvidence evidence, long id, CancellationToken ct) =>
            ExportAsync(http, queries, evidence, id, data => Results.File(Encoding.UTF8.GetBytes(IncidentExport.Markdown(data)), "text/markdown; charset=utf-8", IncidentExport.FileName(id, "md")), ct))
            .RequireAuthorization(PermissionPolicy.IncidentsRead).ExcludeFromDescription();
        return app;
    }

    /// <summary>The incident, its timeline and evidence as <paramref name="actor"/> may see them; null when they may not see it (or it does not exist).</summary>
    public static async Task<IncidentExportData?> ReadAsync(Actor actor, IncidentQueries queries, IncidentEvidence evidence, long id, CancellationToken cancellationToken)
    {
        var incident = await queries.GetAsync(actor, id, cancellationToken);
        return incident is null ? null
            : new IncidentExportData(incident, await queries.TimelineAsync(actor, id, cancellationToken), await evidence.ListAsync(actor, id, cancellationToken));
    }

    private static async Task<IResult> ExportAsync(HttpContext http, IncidentQueries queries, IncidentEvidence evidence, long id, Func<IncidentExportData, IResult> write, CancellationToken cancellationToken)
    {
        IncidentExportData? data;
        try
        {
            data = await ReadAsync(Actor.From(http.User), queries, evidence, id, cancellationToken);
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
