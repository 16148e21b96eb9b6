using Npgsql;

namespace SecOps.Benchmarks;

/// <summary>
/// A fresh PostgreSQL database for a benchmark that needs one store shared by several instances, on the server of
/// <c>SECOPS_TEST_POSTGRES</c> (the integration tests' server); dropped at the end.
/// </summary>
public sealed class BenchmarkPostgres : IDisposable
{
    private readonly string _server;
    private readonly string _database = "secops_bench_" + Guid.NewGuid().ToString("N")[..16];

    public BenchmarkPostgres()
    {
        _server = Environment.GetEnvironmentVariable("SECOPS_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : "Host=127.0.0.1;Port=5432;Username=secops_test;Password=secops_test";
        // The name is ours (a prefix and hex digits), never input: it can be spliced into the DDL, which takes no parameters.
        Admin($"CREATE DATABASE \"{_database}\"");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The app settings that put an instance on this database.</summary>
    public Dictionary<string, string?> AppSettings() => new()
    {
        ["SecOps:Store:Provider"] = "Postgres",
        ["ConnectionStrings:SecOps"] = ConnectionString,
    };

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private void Admin(string sql)
    {
        using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false }.ConnectionString);
        admin.Open();
        using var command = new NpgsqlCommand(sql, admin);
        command.ExecuteNonQuery();
    }
}
