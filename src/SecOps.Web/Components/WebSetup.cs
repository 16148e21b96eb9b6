using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor;
using MudBlazor.Services;
using SecOps.Web.Components.Layout;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Security;
using SecOps.Web.Features.Triage;

namespace SecOps.Web.Components;

public static class WebSetup
{
    public static IHostApplicationBuilder AddSecOpsWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var security = builder.Configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(o =>
            {
                o.DetailedErrors = builder.Environment.IsDevelopment();
                // Few disconnected circuits kept, and not for long: each holds a user's rendered state in memory.
                o.DisconnectedCircuitMaxRetained = 100;
                o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
            })
            .AddHubOptions(o =>
            {
                o.MaximumReceiveMessageSize = security.MaxCircuitMessageBytes;
                o.EnableDetailedErrors = false;
            });
        builder.Services.AddSignalR().AddHubOptions<Features.Live.SocHub>(o => o.MaximumReceiveMessageSize = security.MaxHubMessageBytes);
        builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        builder.Services.AddSingleton<ThemeStylesheet>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ThemeStylesheet>());
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "secops.af");
        return builder;
    }

    public static WebApplication UseSecOpsPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        app.UseHubOriginCheck();
        app.UseNotFoundPage();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMfaEnrolmentGate();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapSecOpsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (AccessDeniedException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden);
            }
        });
        api.MapIngestEndpoints();
        api.MapAuditEventEndpoints();
        api.MapAlertReadEndpoints();
        Features.Incidents.IncidentReadEndpoints.MapIncidentReadEndpoints(api);
        Features.Incidents.IncidentWriteEndpoints.MapIncidentWriteEndpoints(api);
        Features.Playbooks.TaskWriteEndpoints.MapTaskWriteEndpoints(api);
        Features.Evidence.EvidenceApiEndpoints.MapEvidenceApiEndpoints(api,
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Evidence.EvidenceOptions>>().Value.MaxEvidenceBytes);
        Features.Ingest.Elastic.ElasticCompatibleEndpoints.MapElasticCompatibleEndpoints(api);
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(ApiAuthorization.ReadPolicy);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    public static WebApplication MapSecOpsPages(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapGet(ThemeStylesheet.Path, (HttpContext context, ThemeStylesheet theme) => theme.Serve(context)).ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
