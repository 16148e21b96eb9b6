namespace SecOps.Web.Features.Overview;

public static class OverviewSetup
{
    public static IHostApplicationBuilder AddSecOpsOverview(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OverviewQueries>();
        return builder;
    }
}
