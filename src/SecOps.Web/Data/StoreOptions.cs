namespace SecOps.Web.Data;

/// <summary>
/// The store. Its connection string is <c>ConnectionStrings:SecOps</c>; on SQLite, without one, the file is <c>secops.db</c>
/// in the data directory (<see cref="Hosting.DataPaths"/>), and a relative SQLite file resolves against that directory too.
/// </summary>
public sealed class StoreOptions
{
    public const string SectionName = "SecOps:Store";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>Read before the options system is up, because the provider decides which services are registered.</summary>
    public static StoreProvider ProviderOf(IConfiguration configuration)
    {
        var text = configuration[$"{SectionName}:{nameof(Provider)}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return StoreProvider.Sqlite;
        }
        return Enum.TryParse<StoreProvider>(text.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"SecOps:Store:Provider '{text}' is not known; use Sqlite or Postgres.");
    }
}

public enum StoreProvider
{
    Sqlite,
    Postgres,
}
