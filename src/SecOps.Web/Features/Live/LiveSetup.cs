using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecOps.Web.Features.Live;

public static class LiveSetup
{
    public static IHostApplicationBuilder AddSecOpsLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LiveFeed>();
        builder.Services.AddSingleton<FeedReader>();
        builder.Services.TryAddSingleton<HubReplayHook>();
        builder.Services.AddSingleton<SharedAggregates>();
        builder.Services.AddSingleton<HubBroadcaster>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HubBroadcaster>());
        builder.Services.AddSingleton<HubKeyConnections>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HubKeyConnections>());
        builder.Services.AddSingleton<FeedRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FeedRetention>());
        builder.Services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 32 * 1024;
            o.EnableDetailedErrors = false;
        });
        return builder;
    }
}
