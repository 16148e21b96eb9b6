namespace SecOps.Web.Features.Sla;

public static class SlaSetup
{
    public static IHostApplicationBuilder AddSecOpsSla(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<SlaClock>();
        return builder;
    }
}
