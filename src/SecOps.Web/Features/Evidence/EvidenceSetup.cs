namespace SecOps.Web.Features.Evidence;

public static class EvidenceSetup
{
    public static IHostApplicationBuilder AddSecOpsEvidence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IncidentEvidence>();
        return builder;
    }
}
