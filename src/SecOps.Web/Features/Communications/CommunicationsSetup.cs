namespace SecOps.Web.Features.Communications;

public static class CommunicationsSetup
{
    public static IHostApplicationBuilder AddSecOpsCommunications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CommunicationOptions>().BindConfiguration(CommunicationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IncidentCommunications>();
        return builder;
    }
}
