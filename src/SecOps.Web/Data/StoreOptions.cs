namespace SecOps.Web.Data;

public sealed class StoreOptions
{
    public const string SectionName = "SecOps:Store";
    public const string DefaultSqliteConnection = "Data Source=data/secops.db";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";
}
