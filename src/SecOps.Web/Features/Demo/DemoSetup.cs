namespace SecOps.Web.Features.Demo;

public static class DemoSetup
{
    public static IHostApplicationBuilder AddSecOpsDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Configuration.GetValue<bool>($"{DemoOptions.SectionName}:Enabled"))
        {
            builder.Services.AddHostedService<DemoAlertStream>();
        }
        return builder;
    }
}
