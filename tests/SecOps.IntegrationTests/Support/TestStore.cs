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
    public static Dictionary<string, string?> Settings(string directory) => new()
    {
        ["SecOps:Store:Provider"] = Provider.ToString(),
        ["ConnectionStrings:SecOps"] = ConnectionString(directory),
    };

    public static string ConnectionString(string directory)
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
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
                create.ExecuteNonQuery();
            }
        }
        return new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;
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
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName(directory)}\" WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
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
