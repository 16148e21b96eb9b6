using Microsoft.Extensions.Options;
using SecOps.Web.Elasticsearch;

namespace SecOps.Web.Features.Audit;

public static class AuditSetup
{
    public static IHostApplicationBuilder AddSecOpsAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateDataAnnotations()
            .Validate<IOptions<ElasticsearchOptions>>((audit, elasticsearch) => string.IsNullOrWhiteSpace(audit.ElasticsearchAnchorIndex) || elasticsearch.Value.Nodes.Count > 0,
                $"SecOps:Audit:ElasticsearchAnchorIndex needs {ElasticsearchOptions.SectionName}:Nodes.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AuditKey>();
        builder.Services.AddSingleton<AuditAnchorIndex>();
        builder.Services.AddSingleton<AuditAnchors>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<AuditVerifier>();
        // Before AuditAnchoring, so it stops after it and sends the anchor written at stop.
        builder.Services.AddHostedService<AuditAnchorIndexing>();
        // Registered before anything that appends at start (bootstrap), after the store's migrations.
        builder.Services.AddHostedService<AuditAnchoring>();
        return builder;
    }
}
