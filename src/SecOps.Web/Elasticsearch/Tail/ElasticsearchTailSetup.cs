using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SecOps.Web.Elasticsearch.Tail;

public static class ElasticsearchTailSetup
{
    /// <summary>
    /// Registers the alert and audit tails, their source health and the "elasticsearch" readiness check, only when
    /// <c>SecOps:Sources:Elasticsearch:Nodes</c> is configured. Needs <c>AddElasticsearchClient()</c>, <c>AddSecOpsData()</c>,
    /// <c>AddSecOpsIngest()</c> and <c>AddSecOpsAuditEvents()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddElasticsearchTail(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection(ElasticsearchOptions.SectionName + ":Nodes").Exists())
        {
            AddTailServices(builder.Services);
        }
        return builder;
    }

    /// <summary>The registrations themselves; idempotent, so a test host may call it whether or not Program.cs did.</summary>
    public static IServiceCollection AddTailServices(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SourceHealth)))
        {
            return services;
        }
        services.AddOptions<TailOptions>().BindConfiguration(TailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SourceHealth>();
        services.TryAddSingleton<KibanaStatusSync>();
        services.AddSingleton<AlertTail>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertTail>());
        services.AddSingleton<AuditTail>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTail>());
        services.AddHealthChecks().AddCheck<ElasticsearchHealthCheck>(ElasticsearchHealthCheck.Name, HealthStatus.Degraded, ["ready"]);
        return services;
    }
}
