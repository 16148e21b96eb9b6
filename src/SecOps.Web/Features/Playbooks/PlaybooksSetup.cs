namespace SecOps.Web.Features.Playbooks;

public static class PlaybooksSetup
{
    public static IHostApplicationBuilder AddSecOpsPlaybooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PlaybookLibrary>();
        builder.Services.AddSingleton<PlaybookRunner>();
        builder.Services.AddSingleton<IncidentTasks>();
        builder.Services.AddOptions<ThreatIntel.ThreatIntelOptions>().BindConfiguration(ThreatIntel.ThreatIntelOptions.SectionName);
        builder.Services.AddSingleton<ThreatIntel.MispLookup>();
        builder.Services.AddSingleton<AutomatedSteps>();
        builder.Services.AddSingleton<PlaybookWebhooks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PlaybookWebhooks>());
        // After the store's start-up (registered by AddSecOpsData), so the library is added to a migrated store.
        builder.Services.AddSingleton<ShippedPlaybooks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShippedPlaybooks>());
        return builder;
    }
}
