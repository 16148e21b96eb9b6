namespace SecOps.Web.Features.Triage;

public static class TriageSetup
{
    public static IHostApplicationBuilder AddSecOpsTriage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KanbanOptions>().BindConfiguration(KanbanOptions.SectionName);
        builder.Services.AddSingleton<Alerts.AlertViewCache>();
        builder.Services.AddSingleton<AlertQueries>();
        builder.Services.AddSingleton<TriagePeople>();
        builder.Services.AddSingleton<Views.BoardViews>();
        builder.Services.AddSingleton<Presence.PresenceTracker>();
        builder.Services.AddSingleton<AlertTriage>();
        builder.Services.AddSingleton<AlertInvestigation>();
        return builder;
    }
}
