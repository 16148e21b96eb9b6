namespace SecOps.Web.Features.Audit;

public static class AuditSetup
{
    public static IHostApplicationBuilder AddSecOpsAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AuditKey>();
        builder.Services.AddSingleton<AuditAnchors>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<AuditVerifier>();
        // Registered before anything that appends at start (bootstrap), after the store's migrations.
        builder.Services.AddHostedService<AuditAnchoring>();
        return builder;
    }
}
