using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SecOps.Web.Data;
using SecOps.Web.Data.Postgres;

namespace SecOps.IntegrationTests.Support;

/// <summary>
/// The store the integration suite runs on: SQLite by default, the local PostgreSQL when <c>SECOPS_TEST_STORE=Postgres</c>
/// (test.sh runs the suite once each way; <c>SECOPS_TEST_POSTGRES</c> names the server and a role that may create databases).
/// Each store directory maps to its own store, a file on SQLite, a database on PostgreSQL, so instances given the same
/// directory share one store on either provider.
/// </summary>
public static class TestStore
{
    public const string SqliteOnly = "SqliteOnly";

    /// <summary>
    /// Tests of several instances on one store, which is what PostgreSQL is for: test.sh runs them in the PostgreSQL pass
    /// only (by hand they run on either provider).
    /// </summary>
    public const string PostgresOnly = "PostgresOnly";

    public static StoreProvider Provider { get; } =
        string.Equals(Environment.GetEnvironmentVariable("SECOPS_TEST_STORE"), "Postgres", StringComparison.OrdinalIgnoreCase)
            ? StoreProvider.Postgres : StoreProvider.Sqlite;

    private static string Server =>
        Environment.GetEnvironmentVariable("SECOPS_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : "Host=127.0.0.1;Port=5432;Username=secops_test;Password=secops_test";

    /// <summary>The store settings for an app whose store lives in <paramref name="directory"/>; creates the PostgreSQL database when missing.</summary>
    /// <param name="fromTemplate">
    /// False: a new PostgreSQL database starts empty and the first app migrates it, as the tail tests' shared stores do
    /// on both providers (their timing-sensitive first polls were written against a start that migrates).
    /// </param>
    public static Dictionary<string, string?> Settings(string directory, bool fromTemplate = true) => new()
    {
        ["SecOps:Store:Provider"] = Provider.ToString(),
        ["ConnectionStrings:SecOps"] = ConnectionString(directory, fromTemplate),
    };

    public static string ConnectionString(string directory, bool fromTemplate = true)
    {
        if (Provider == StoreProvider.Sqlite)
        {
            return $"Data Source={Path.Combine(directory, "secops.db")}";
        }
        var database = DatabaseName(directory);
        using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            admin.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
            exists.Parameters.AddWithValue("name", database);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand(fromTemplate ? $"CREATE DATABASE \"{database}\" TEMPLATE \"{PostgresTemplate.Value}\"" : $"CREATE DATABASE \"{database}\"", admin);
                create.ExecuteNonQuery();
            }
        }
        return PostgresConnectionString(database);
    }

    private static string PostgresConnectionString(string database) => new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    /// <summary>
    /// A PostgreSQL database migrated once per test process by the app's own migration step
    /// (<see cref="DataSetup.MigrateAsync"/> on an empty database, what a first start does), which every test database is
    /// copied from: migrating a few hundred databases one by one was most of the PostgreSQL pass. Each app still runs its
    /// start-up migration, which finds the schema current.
    /// </summary>
    private static readonly Lazy<string> PostgresTemplate = new(CreatePostgresTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    // The test host is often ended without running exit handlers, so each template is named after its process and the next
    // process drops those whose process is gone (test.sh also drops every database of this prefix before a run).
    private const string TemplatePrefix = "secops_it_template_";

    private static string CreatePostgresTemplate()
    {
        var host = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Environment.MachineName)))[..8];
        using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            admin.Open();
            using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE @prefix", admin);
            list.Parameters.AddWithValue("prefix", TemplatePrefix + host + "\\_%");
            var stale = new List<string>();
            using (var reader = list.ExecuteReader())
            {
                while (reader.Read())
                {
                    var name = reader.GetString(0);
                    if (int.TryParse(name.Split('_')[^2], out var pid) && !ProcessRuns(pid))
                    {
                        stale.Add(name);
                    }
                }
            }
            foreach (var name in stale)
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
                drop.ExecuteNonQuery();
            }
        }
        var template = $"{TemplatePrefix}{host}_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
        AdminCommand($"CREATE DATABASE \"{template}\"");
        // No pooling: PostgreSQL copies a template only while nobody is connected to it.
        var connection = new NpgsqlConnectionStringBuilder(Server) { Database = template, Pooling = false }.ConnectionString;
        using (var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(connection).Options))
        {
            DataSetup.MigrateAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => AdminCommand($"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)");
        return template;
    }

    private static bool ProcessRuns(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The SQLite counterpart: a store file migrated once per test process, copied into each new store directory.</summary>
    private static readonly Lazy<string> SqliteTemplate = new(CreateSqliteTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    private static string CreateSqliteTemplate()
    {
        var directory = Directory.CreateTempSubdirectory("secops-it-template-").FullName;
        var file = Path.Combine(directory, "secops.db");
        var options = new DbContextOptionsBuilder<SecOpsDbContext>()
            .UseSqlite($"Data Source={file};Pooling=False").AddInterceptors(new SqlitePragmas()).Options;
        using (var db = new SecOpsDbContext(options))
        {
            DataSetup.MigrateAsync(db, CancellationToken.None).GetAwaiter().GetResult();
            // Back to a single file (the write-ahead log folded in); each app switches its copy to WAL again at start.
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=DELETE;");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return file;
    }

    /// <summary>
    /// Gives the store of <paramref name="directory"/> the current schema from the template when it has no store yet (a new
    /// PostgreSQL database is always copied from its template, see <see cref="ConnectionString"/>).
    /// </summary>
    public static void StartFromTemplate(string directory)
    {
        var file = Path.Combine(directory, "secops.db");
        if (Provider == StoreProvider.Sqlite && !File.Exists(file))
        {
            File.Copy(SqliteTemplate.Value, file);
        }
    }

    private static void AdminCommand(string sql)
    {
        using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        admin.Open();
        using var command = new NpgsqlCommand(sql, admin);
        command.ExecuteNonQuery();
    }

    /// <summary>A context on the store in <paramref name="directory"/>, from outside any app (as another instance or a person would reach it).</summary>
    public static SecOpsDbContext Open(string directory) => Provider == StoreProvider.Sqlite
        ? new SecOpsDbContext(new DbContextOptionsBuilder<SecOpsDbContext>().UseSqlite(ConnectionString(directory)).Options)
        : new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(ConnectionString(directory)).Options);

    /// <summary>Whether <paramref name="connection"/> is open on the store of <paramref name="directory"/>.</summary>
    public static bool IsStoreOf(DbConnection connection, string directory) => Provider == StoreProvider.Sqlite
        ? Path.GetFullPath(connection.DataSource) == Path.GetFullPath(Path.Combine(directory, "secops.db"))
        : connection.Database == DatabaseName(directory);

    /// <summary>Adds <paramref name="configure"/> to the options of the app's contexts, whichever provider they are for.</summary>
    public static void ConfigureContexts(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
    {
        if (Provider == StoreProvider.Sqlite)
        {
            services.ConfigureDbContext<SecOpsDbContext>(configure, ServiceLifetime.Singleton);
        }
        else
        {
            services.ConfigureDbContext<PostgresDbContext>(configure, ServiceLifetime.Singleton);
        }
    }

    /// <summary>Removes the store of <paramref name="directory"/> with the directory itself.</summary>
    public static void Delete(string directory)
    {
        if (Provider == StoreProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        else
        {
            // Only this store's pool: clearing every pool would make the apps of tests running alongside reconnect.
            using (var pooled = new NpgsqlConnection(PostgresConnectionString(DatabaseName(directory))))
            {
                NpgsqlConnection.ClearPool(pooled);
            }
            AdminCommand($"DROP DATABASE IF EXISTS \"{DatabaseName(directory)}\" WITH (FORCE)");
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or a file still held open: left for the OS to clean with the temp directory.
        }
    }

    // test.sh drops every database with this prefix before a run, so an interrupted run leaves nothing behind for long.
    private static string DatabaseName(string directory) =>
        "secops_it_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(directory))))[..24];
}
