using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecOps.Web.Features.Outbound;

public static class OutboundSetup
{
    public static IHostApplicationBuilder AddSecOpsOutbound(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSecOpsOutbound();
        return builder;
    }

    /// <summary>The outbound path alone (tests build it on their own service collection with a fake resolver and dialer).</summary>
    public static IServiceCollection AddSecOpsOutbound(this IServiceCollection services)
    {
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IOutboundResolver, DnsOutboundResolver>();
        services.TryAddSingleton<IOutboundDialer, SocketOutboundDialer>();
        services.TryAddSingleton<OutboundAllowlist>();
        services.TryAddSingleton<OutboundClient>();
        return services;
    }
}
