namespace SecOps.Web.Features.Incidents;

public static class IncidentsSetup
{
    public static IHostApplicationBuilder AddSecOpsIncidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IncidentQueries>();
        builder.Services.AddSingleton<TimelineCache>();
        builder.Services.AddSingleton<IncidentEscalation>();
        builder.Services.AddSingleton<IncidentEditing>();
        builder.Services.AddSingleton<IncidentObservables>();
        builder.Services.AddSingleton<SeenBefore>();
        builder.Services.AddSingleton<IncidentAuditEvents>();
        builder.Services.AddSingleton<IncidentExportReader>();
        builder.Services.AddSingleton<Reviews.PostIncidentReviews>();
        builder.Services.AddSingleton<Reviews.FollowUpReminders>();
        builder.Services.AddSingleton<IncidentRemoval>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reviews.FollowUpReminders>());
        builder.Services.AddSingleton<Teams.Teams>();
        return builder;
    }
}
