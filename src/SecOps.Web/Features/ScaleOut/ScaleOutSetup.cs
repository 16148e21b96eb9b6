using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Live;
using StackExchange.Redis;

namespace SecOps.Web.Features.ScaleOut;

public static class ScaleOutSetup
{
    /// <summary>The readiness check's name.</summary>
    public const string HealthName = "redis";

    /// <summary>
    /// With <c>SecOps:ScaleOut:Redis</c> set: one Redis connection for the hub's backplane, presence and the instances' commit
    /// announcements, and a readiness check on it. Without it nothing is registered.
    /// </summary>
    public static IHostApplicationBuilder AddSecOpsScaleOut(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScaleOutOptions>().BindConfiguration(ScaleOutOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var redis = builder.Configuration[$"{ScaleOutOptions.SectionName}:{nameof(ScaleOutOptions.Redis)}"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            return builder;
        }
        var configuration = Configuration(redis);
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            sp.GetRequiredService<ILogger<ChangeNotifications>>().LogInformation("Scale-out on: Redis at {Endpoints}", string.Join(", ", configuration.EndPoints));
            return ConnectionMultiplexer.Connect(configuration);
        });
        builder.Services.AddOptions<RedisOptions>().Configure<IServiceProvider>((o, sp) =>
        {
            o.Configuration = configuration;
            o.ConnectionFactory = _ => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>());
        });
        // Only the hub for external clients is on the backplane: Blazor's circuits are sticky and need none.
        builder.Services.AddSingleton<HubLifetimeManager<SocHub>>(sp => new SocHubLifetimeManager(
            new DefaultHubLifetimeManager<SocHub>(sp.GetRequiredService<ILogger<DefaultHubLifetimeManager<SocHub>>>()),
            new RedisHubLifetimeManager<SocHub>(
                sp.GetRequiredService<ILogger<RedisHubLifetimeManager<SocHub>>>(),
                sp.GetRequiredService<IOptions<RedisOptions>>(),
                sp.GetRequiredService<IHubProtocolResolver>(),
                sp.GetRequiredService<IOptions<HubOptions>>(),
                sp.GetRequiredService<IOptions<HubOptions<SocHub>>>()),
            sp.GetRequiredService<ILogger<SocHubLifetimeManager>>()));
        builder.Services.AddSingleton<ChangeNotifications>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChangeNotifications>());
        builder.Services.AddSingleton<PresenceRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PresenceRelay>());
        builder.Services.AddSingleton<CircuitCountRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CircuitCountRelay>());
        builder.Services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), HealthName, HealthStatus.Unhealthy, ["ready"], TimeSpan.FromSeconds(5));
        return builder;
    }

    /// <summary>
    /// The configuration string, made to start and run without Redis: the app starts while Redis is down and keeps
    /// reconnecting, and commands fail at once while it is down instead of queueing (commits must never wait for Redis).
    /// </summary>
    public static ConfigurationOptions Configuration(string redis)
    {
        var configuration = ConfigurationOptions.Parse(redis);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        return configuration;
    }
}
