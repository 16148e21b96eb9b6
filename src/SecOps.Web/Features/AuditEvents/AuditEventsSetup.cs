namespace SecOps.Web.Features.AuditEvents;

public static class AuditEventsSetup
{
    /// <summary>The audit-event store's ingest and read services; the audit tail itself is registered with the Elasticsearch tail.</summary>
    public static IHostApplicationBuilder AddSecOpsAuditEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditEventIngestor>();
        builder.Services.AddSingleton<AuditEventQueries>();
        return builder;
    }
}
