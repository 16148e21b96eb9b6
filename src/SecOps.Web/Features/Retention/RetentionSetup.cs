namespace SecOps.Web.Features.Retention;

public static class RetentionSetup
{
    public static IHostApplicationBuilder AddSecOpsRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RetentionPolicies>();
        builder.Services.AddSingleton<RetentionPurge>();
        builder.Services.AddHostedService<RetentionSchedule>();
        return builder;
    }
}
