namespace SecOps.Web.Features.Regulatory;

public static class RegulatorySetup
{
    public static IHostApplicationBuilder AddSecOpsRegulatory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RegulatoryOptions>().BindConfiguration(RegulatoryOptions.SectionName)
            .Validate(o => o.WarnWhenRemaining is >= 0 and <= 1, "SecOps:Regulatory:WarnWhenRemaining must be between 0 and 1.").ValidateOnStart();
        builder.Services.AddSingleton<RegulatoryClock>();
        builder.Services.AddSingleton<IncidentRegulatory>();
        return builder;
    }
}
