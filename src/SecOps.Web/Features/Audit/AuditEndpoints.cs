using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Audit;

public static class AuditEndpoints
{
    public const string ExportPath = "/admin/audit/export.csv";

    public static WebApplication MapAuditEndpoints(this WebApplication app)
    {
        app.MapGet(ExportPath, ExportAsync).RequireAuthorization(Accounts.PermissionPolicy.AuditTrailRead).ExcludeFromDescription();
        return app;
    }

    /// <summary>The whole trail in chain order as CSV, for administrators; always an attachment, and itself audited.</summary>
    private static async Task ExportAsync(HttpContext http, AuditTrail trail, AccessGuard access, TimeProvider time, CancellationToken cancellationToken)
    {
        var actor = Actor.From(http.User);
        try
        {
            await access.RequireAsync(actor, Permission.AuditTrailRead, "audit.export", null, cancellationToken);
        }
        catch (AccessDeniedException)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await trail.AppendAsync(actor, "audit.export", null, null, AuditOutcome.Success, cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"secops-audit-{time.GetUtcNow():yyyy-MM-dd}.csv\"";
        await AuditCsv.WriteAsync(http.Response.Body, trail.AllAsync(cancellationToken), cancellationToken);
    }
}
