using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Elasticsearch;

public static class ElasticsearchSetup
{
    /// <summary>Registers <see cref="IElasticsearchClient"/> with its options, TLS pinning and per-node resilience pipeline.</summary>
    public static IHostApplicationBuilder AddElasticsearchClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ElasticsearchOptions>()
            .BindConfiguration(ElasticsearchOptions.SectionName)
            .Configure<IConfiguration>(ReplaceConfiguredLists)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHttpClient(ElasticsearchClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services => CreateHandler(services.GetRequiredService<IOptions<ElasticsearchOptions>>().Value))
            .AddResilienceHandler("elasticsearch", (pipeline, context) =>
                ElasticsearchResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<ElasticsearchOptions>>().Value))
            // One retry budget and circuit per node, so one dead node does not open the circuit for the others.
            .SelectPipelineByAuthority();
        builder.Services.AddSingleton<IElasticsearchClient, ElasticsearchClient>();
        return builder;
    }

    /// <summary>
    /// The binder appends configured items to a list's default (<c>AlertIndices:0=wazuh-alerts-*</c> would also keep
    /// <c>.alerts-security.alerts-*</c>); a configured index list replaces the default instead.
    /// </summary>
    private static void ReplaceConfiguredLists(ElasticsearchOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(ElasticsearchOptions.SectionName);
        options.AlertIndices = Configured(section, nameof(ElasticsearchOptions.AlertIndices)) ?? options.AlertIndices;
        options.AuditIndices = Configured(section, nameof(ElasticsearchOptions.AuditIndices)) ?? options.AuditIndices;
        options.EventIndices = Configured(section, nameof(ElasticsearchOptions.EventIndices)) ?? options.EventIndices;
    }

    private static List<string>? Configured(IConfigurationSection section, string key) =>
        section.GetSection(key).GetChildren().ToList() is { Count: > 0 } items ? [.. items.Select(i => i.Value).OfType<string>()] : null;

    private static SocketsHttpHandler CreateHandler(ElasticsearchOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            // Credentials go only to the configured nodes: no proxy from the environment, no redirects elsewhere.
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        if (CaFingerprints.CreateValidator(options.CaFingerprint, options.CaCertificatePath) is { } validator)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validator;
        }
        return handler;
    }
}
