using Microsoft.EntityFrameworkCore;
using Npgsql;
using SecOps.Web.Data.Postgres;
using SecOps.Web.Hosting;

namespace SecOps.Web.Data;

public static class DataSetup
{
    public static IHostApplicationBuilder AddSecOpsData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName);
        switch (StoreOptions.ProviderOf(builder.Configuration))
        {
            case StoreProvider.Postgres:
                AddPostgres(builder);
                break;
            default:
                AddSqlite(builder);
                break;
        }
        builder.Services.AddSingleton<StoreWriter>();
        builder.Services.AddSingleton<StoreLeases>();
        builder.Services.AddHostedService<StoreStartup>();
        builder.Services.AddHealthChecks().AddDbContextCheck<SecOpsDbContext>("store", tags: ["ready"]);
        return builder;
    }

    private static void AddSqlite(IHostApplicationBuilder builder)
    {
        // The store file lives in the data directory unless configured elsewhere; a relative file name never follows the working directory.
        var sqlite = DataPaths.From(builder).Sqlite(builder.Configuration.GetConnectionString("SecOps"));
        sqlite.Pooling = true;
        sqlite.DefaultTimeout = 30;
        if (Path.IsPathRooted(sqlite.DataSource) && Path.GetDirectoryName(sqlite.DataSource) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        builder.Services.AddDbContextFactory<SecOpsDbContext>(o => o.UseSqlite(sqlite.ToString()).AddInterceptors(new SqlitePragmas()));
    }

    private static void AddPostgres(IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("SecOps");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("SecOps:Store:Provider is Postgres but ConnectionStrings:SecOps is not set (for example Host=db;Database=secops;Username=secops;Password=...).");
        }
        // Validates the string at start rather than at the first query.
        _ = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Services.AddDbContextFactory<PostgresDbContext>(o => o.UseNpgsql(connectionString));
        // Everything else asks for the model's base type; it gets PostgreSQL's contexts.
        builder.Services.AddSingleton<IDbContextFactory<SecOpsDbContext>>(sp => new BaseContexts<PostgresDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresDbContext>>()));
        builder.Services.AddScoped<SecOpsDbContext>(sp => sp.GetRequiredService<PostgresDbContext>());
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

    private sealed class BaseContexts<TContext>(IDbContextFactory<TContext> contexts) : IDbContextFactory<SecOpsDbContext>
        where TContext : SecOpsDbContext
    {
        public SecOpsDbContext CreateDbContext() => contexts.CreateDbContext();

        public async Task<SecOpsDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await contexts.CreateDbContextAsync(cancellationToken);
    }
}
