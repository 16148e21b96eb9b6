using Npgsql;

namespace SecOps.Benchmarks;

/// <summary>
/// The local PostgreSQL the benchmarks run on (<c>SECOPS_TEST_POSTGRES</c>, as the integration suite names it): each run
/// creates databases of its own, named <c>secops_bench_…</c>, and drops them after; the suite's <c>secops_it_…</c>
/// databases are never touched.
/// </summary>
public static class BenchmarkPostgres
{
    private const string Prefix = "secops_bench_";

    private static string Server =>
        Environment.GetEnvironmentVariable("SECOPS_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : "Host=127.0.0.1;Port=5432;Username=secops_test;Password=secops_test";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase(string purpose)
    {
        var name = Prefix + purpose + "_" + Guid.NewGuid().ToString("N")[..12];
        Admin($"CREATE DATABASE \"{name}\"");
        // Bulk loads and index builds of tens of millions of rows outlast Npgsql's default 30 s command timeout.
        return new NpgsqlConnectionStringBuilder(Server) { Database = name, CommandTimeout = 0 }.ConnectionString;
    }

    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Only benchmark databases are dropped here, not {name}.");
        }
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        Admin($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>"PostgreSQL 15.x, shared_buffers=…, synchronous_commit=…": the server settings a figure was measured with.</summary>
    public static string Describe(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT current_setting('server_version'), current_setting('shared_buffers'), current_setting('synchronous_commit'), current_setting('max_wal_size')", connection);
        using var reader = command.ExecuteReader();
        reader.Read();
        return $"PostgreSQL {reader.GetString(0)}, shared_buffers={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, max_wal_size={reader.GetString(3)}";
    }

    private static void Admin(string sql)
    {
        using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        admin.Open();
        using var command = new NpgsqlCommand(sql, admin);
        command.ExecuteNonQuery();
    }
}
