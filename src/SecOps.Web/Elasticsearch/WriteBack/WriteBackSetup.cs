using SecOps.Web.Elasticsearch.Tail;

namespace SecOps.Web.Elasticsearch.WriteBack;

public static class WriteBackSetup
{
    /// <summary>
    /// Registers status write-back only when <c>SecOps:Sources:Elasticsearch:Nodes</c> is configured and
    /// <c>SecOps:Sources:Elasticsearch:WriteBack</c> is true (it is off by default). Needs what the tail needs, and
    /// registers the tail's services too (idempotently), since only tailed alerts are written back.
    /// </summary>
    public static IHostApplicationBuilder AddElasticsearchWriteBack(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ElasticsearchOptions.SectionName);
        if (section.GetSection(nameof(ElasticsearchOptions.Nodes)).Exists() && section.GetValue<bool>(nameof(ElasticsearchOptions.WriteBack)))
        {
            AddWriteBackServices(builder.Services);
        }
        return builder;
    }

    /// <summary>The registrations themselves; idempotent, like the tail's.</summary>
    public static IServiceCollection AddWriteBackServices(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(StatusWriteBack)))
        {
            return services;
        }
        ElasticsearchTailSetup.AddTailServices(services);
        services.AddSingleton<SourceStatusWriter>();
        services.AddSingleton<WriteBackPass>();
        services.AddSingleton<StatusWriteBack>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusWriteBack>());
        return services;
    }
}
