using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Compliance;

namespace SecOps.Web.Features.Reports;

public static class ReportsSetup
{
    public static IHostApplicationBuilder AddSecOpsReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportQueries>();
        builder.Services.AddOptions<ReportsOptions>().BindConfiguration(ReportsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ReportSubscriptions>();
        builder.Services.AddSingleton<ReportDelivery>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReportDelivery>());
        return builder;
    }

    /// <summary>
    /// Each table of the report as CSV or XLSX, and the whole report as one workbook (a sheet per table); always
    /// attachments. The service checks the permissions, so a role without them gets 403 and an audit record.
    /// </summary>
    public static WebApplication MapReportEndpoints(this WebApplication app)
    {
        app.MapGet("/reports/report.xlsx", (HttpContext http, ReportQueries reports, string? days, string? from, string? to, CancellationToken ct) =>
            ExportAsync(http, reports, days, from, to, r => (ReportFiles.Xlsx(r.Tables), ReportFiles.XlsxType, "report", "xlsx"), ct))
            .RequireAuthorization(PermissionPolicy.ReportsRead).ExcludeFromDescription();
        app.MapGet("/reports/{table}.csv", (HttpContext http, ReportQueries reports, string table, string? days, string? from, string? to, CancellationToken ct) =>
            ExportAsync(http, reports, days, from, to, r => Find(r, table) is { } t ? (ReportFiles.Csv(t), ReportFiles.CsvType, t.Id, "csv") : null, ct))
            .RequireAuthorization(PermissionPolicy.ReportsRead).ExcludeFromDescription();
        app.MapGet("/reports/{table}.xlsx", (HttpContext http, ReportQueries reports, string table, string? days, string? from, string? to, CancellationToken ct) =>
            ExportAsync(http, reports, days, from, to, r => Find(r, table) is { } t ? (ReportFiles.Xlsx([t]), ReportFiles.XlsxType, t.Id, "xlsx") : null, ct))
            .RequireAuthorization(PermissionPolicy.ReportsRead).ExcludeFromDescription();
        return app;
    }

    private static ReportTable? Find(ReportQueries.Report report, string id) =>
        report.Tables.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));

    private static async Task<IResult> ExportAsync(HttpContext http, ReportQueries reports, string? days, string? from, string? to,
        Func<ReportQueries.Report, (byte[] Bytes, string ContentType, string Name, string Extension)?> write, CancellationToken cancellationToken)
    {
        var range = ComplianceRange.Parse(days, from, to);
        try
        {
            var report = await reports.LoadAsync(Actor.From(http.User), range, cancellationToken);
            return write(report) is { } file
                ? Results.File(file.Bytes, file.ContentType, ReportFiles.FileName(file.Name, range, report.GeneratedAt, file.Extension))
                : Results.NotFound();
        }
        catch (AccessDeniedException)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
    }
}
