namespace SecOps.Web.Data;

/// <summary>
/// The store. Its connection string is <c>ConnectionStrings:SecOps</c>; without one the SQLite file is <c>secops.db</c> in
/// the data directory (<see cref="Hosting.DataPaths"/>), and a relative SQLite file resolves against that directory too.
/// </summary>
public sealed class StoreOptions
{
    public const string SectionName = "SecOps:Store";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";
}
