namespace SecOps.Web.Features.Suppression;

public static class SuppressionSetup
{
    public static IHostApplicationBuilder AddSecOpsSuppression(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Suppressions>();
        builder.Services.AddSingleton<SuppressionMatches>();
        return builder;
    }
}
