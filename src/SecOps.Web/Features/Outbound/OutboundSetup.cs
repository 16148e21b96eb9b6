using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecOps.Web.Features.Outbound;

public static class OutboundSetup
{
    public static IHostApplicationBuilder AddSecOpsOutbound(this IHostApplicationBuilder builder)
    {
        // The app's allowlist includes the entries kept in the store; the outbound path built alone has none.
        builder.Services.AddSingleton<OutboundHosts>();
        builder.Services.AddSingleton<IOutboundHostStore>(s => s.GetRequiredService<OutboundHosts>());
        builder.Services.AddSecOpsOutbound();
        return builder;
    }

    /// <summary>The outbound path alone (tests build it on their own service collection with a fake resolver and dialer).</summary>
    public static IServiceCollection AddSecOpsOutbound(this IServiceCollection services)
    {
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IOutboundResolver, DnsOutboundResolver>();
        services.TryAddSingleton<IOutboundDialer, SocketOutboundDialer>();
        services.TryAddSingleton<IOutboundHostStore, NoStoredOutboundHosts>();
        services.TryAddSingleton<OutboundAllowlist>();
        services.TryAddSingleton<OutboundClient>();
        return services;
    }
}
