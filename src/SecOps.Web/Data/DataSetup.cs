using Microsoft.EntityFrameworkCore;
using SecOps.Web.Hosting;

namespace SecOps.Web.Data;

public static class DataSetup
{
    public static IHostApplicationBuilder AddSecOpsData(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration[$"{StoreOptions.SectionName}:Provider"] ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SecOps:Store:Provider '{provider}' is not available in this build; use Sqlite.");
        }
        // The store file lives in the data directory unless configured elsewhere; a relative file name never follows the working directory.
        var sqlite = DataPaths.From(builder).Sqlite(builder.Configuration.GetConnectionString("SecOps"));
        sqlite.Pooling = true;
        sqlite.DefaultTimeout = 30;
        if (Path.IsPathRooted(sqlite.DataSource) && Path.GetDirectoryName(sqlite.DataSource) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName);
        builder.Services.AddDbContextFactory<SecOpsDbContext>(o => o.UseSqlite(sqlite.ToString()).AddInterceptors(new SqlitePragmas()));
        builder.Services.AddSingleton<StoreWriter>();
        builder.Services.AddSingleton<StoreLeases>();
        builder.Services.AddHostedService<StoreStartup>();
        builder.Services.AddHealthChecks().AddDbContextCheck<SecOpsDbContext>("store", tags: ["ready"]);
        return builder;
    }

    /// <summary>Creates or migrates the schema and sets SQLite up for one writer and many readers.</summary>
    public static async Task MigrateAsync(SecOpsDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
