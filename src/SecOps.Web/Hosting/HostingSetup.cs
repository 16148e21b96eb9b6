using Microsoft.Extensions.Options;
using Npgsql;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Hosting;

public static class HostingSetup
{
    public static IHostApplicationBuilder AddSecOpsHosting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(DataPaths.From(builder));
        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) => trusted.Value.ApplyTo(forwarded));
        return builder;
    }

    /// <summary>First in the pipeline: refuses a web root without Blazor, logs where data lives, then believes forwarded headers from configured proxies only (no middleware at all without one).</summary>
    public static WebApplication UseSecOpsHosting(this WebApplication app)
    {
        WebRootCheck.RequireBlazorScript(app.Environment.WebRootFileProvider, app.Environment.WebRootPath);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostingSetup).Namespace!);
        var paths = app.Services.GetRequiredService<DataPaths>();
        var connectionString = app.Configuration.GetConnectionString("SecOps");
        var store = StoreOptions.ProviderOf(app.Configuration) == StoreProvider.Postgres
            ? Describe(new NpgsqlConnectionStringBuilder(connectionString))
            : paths.Sqlite(connectionString).DataSource;
        var keys = app.Services.GetRequiredService<IOptions<SecretOptions>>().Value.Directory;
        logger.LogInformation("Data directory {DataDirectory} (store {StoreFile}, keys {KeyDirectory}); content root {ContentRoot}",
            paths.DataDirectory, store, keys, app.Environment.ContentRootPath);
        var trusted = app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value;
        if (trusted.Any)
        {
            logger.LogInformation("Forwarded headers are honoured from proxies {Proxies} and networks {Networks}",
                string.Join(", ", trusted.Proxies), string.Join(", ", trusted.Networks));
            app.UseForwardedHeaders();
        }
        return app;
    }

    // Never the whole string: it may hold a password.
    private static string Describe(NpgsqlConnectionStringBuilder postgres) => $"PostgreSQL database {postgres.Database} on {postgres.Host}";
}
