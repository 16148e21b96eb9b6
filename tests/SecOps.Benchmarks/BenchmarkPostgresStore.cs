namespace SecOps.Benchmarks;

/// <summary>
/// A fresh PostgreSQL database (<see cref="BenchmarkPostgres"/>) for a benchmark that needs one store shared by several
/// instances; dropped at the end.
/// </summary>
public sealed class BenchmarkPostgresStore : IDisposable
{
    public string ConnectionString { get; } = BenchmarkPostgres.CreateDatabase("shared");

    /// <summary>The app settings that put an instance on this database.</summary>
    public Dictionary<string, string?> AppSettings() => new()
    {
        ["SecOps:Store:Provider"] = "Postgres",
        ["ConnectionStrings:SecOps"] = ConnectionString,
    };

    public void Dispose() => BenchmarkPostgres.DropDatabase(ConnectionString);
}
