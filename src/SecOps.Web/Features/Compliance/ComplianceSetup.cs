using Microsoft.Extensions.Configuration.Json;

namespace SecOps.Web.Features.Compliance;

public static class ComplianceSetup
{
    public const string MappingsResource = "SecOps.Web.Features.Compliance.compliance-frameworks.json";

    public static IHostApplicationBuilder AddSecOpsCompliance(this IHostApplicationBuilder builder)
    {
        // The shipped mappings go first, so appsettings and the environment can change them.
        builder.Configuration.Sources.Insert(0, new JsonStreamConfigurationSource { Stream = OpenMappings() });
        builder.Services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ComplianceMetrics>();
        builder.Services.AddSingleton<ComplianceQueries>();
        builder.Services.AddSingleton<FrameworkEvidence>();
        return builder;
    }

    public static Stream OpenMappings() =>
        typeof(ComplianceSetup).Assembly.GetManifestResourceStream(MappingsResource)
        ?? throw new InvalidOperationException("The compliance mappings are missing from the assembly.");

    public static WebApplication MapComplianceEndpoints(this WebApplication app)
    {
        app.MapGet("/compliance/metrics.csv", ExportAsync).RequireAuthorization(Accounts.PermissionPolicy.MetricsRead).ExcludeFromDescription();
        return app;
    }

    /// <summary>The metrics table of a range as CSV, for managers (the service checks <c>MetricsRead</c>); always an attachment.</summary>
    private static async Task<IResult> ExportAsync(HttpContext http, ComplianceQueries queries, TimeProvider time, string? days, string? from, string? to, CancellationToken cancellationToken)
    {
        var range = ComplianceRange.Parse(days, from, to);
        try
        {
            var snapshot = await queries.LoadAsync(Accounts.Actor.From(http.User), range, cancellationToken);
            return Results.File(MetricsCsv.Write(MetricsTable.Build(snapshot)), "text/csv; charset=utf-8", MetricsCsv.FileName(range, time.GetUtcNow()));
        }
        catch (Accounts.AccessDeniedException)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
    }
}
