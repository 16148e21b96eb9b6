using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using Prometheus;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Operations;

public static class OperationsSetup
{
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddSecOpsOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName);
        builder.Services.AddSingleton<SecOpsMetrics>();
        builder.Services.AddScoped<CircuitHandler, CircuitCounter>();
        return builder;
    }

    /// <summary><c>/metrics</c> in Prometheus's text format: API keys with scope <c>metrics</c>, or anyone when <c>SecOps:Metrics:AllowAnonymous</c>.</summary>
    public static IEndpointRouteBuilder MapSecOpsMetrics(this IEndpointRouteBuilder endpoints)
    {
        var registry = endpoints.ServiceProvider.GetRequiredService<SecOpsMetrics>().Registry;
        var metrics = endpoints.MapMetrics(MetricsPath, registry);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.AllowAnonymous)
        {
            metrics.AllowAnonymous();
        }
        else
        {
            metrics.RequireAuthorization(ApiAuthorization.MetricsPolicy);
        }
        return endpoints;
    }
}
