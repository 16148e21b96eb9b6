using Microsoft.Data.Sqlite;

namespace SecOps.Web.Hosting;

/// <summary>
/// The one place the app keeps what it writes: the SQLite store and the generated keys. <c>SecOps:DataDirectory</c>
/// defaults to <c>data/</c> beside the app (its content root, see <see cref="AppLocation"/>), never the working directory;
/// a relative value resolves against the content root, and relative store or key paths resolve against this directory.
/// </summary>
public sealed record DataPaths(string DataDirectory)
{
    public const string ConfigurationKey = "SecOps:DataDirectory";
    public const string DefaultDirectory = "data";
    public const string DefaultStoreFile = "secops.db";
    public const string DefaultKeyDirectory = "keys";

    public static DataPaths From(IConfiguration configuration, string contentRoot) =>
        new(Path.GetFullPath(configuration[ConfigurationKey] is { Length: > 0 } configured ? configured : DefaultDirectory, contentRoot));

    public static DataPaths From(IHostApplicationBuilder builder) => From(builder.Configuration, builder.Environment.ContentRootPath);

    /// <summary>An absolute path for a path given relative to the data directory (absolute paths stay as they are).</summary>
    public string Resolve(string path) => Path.GetFullPath(path, DataDirectory);

    /// <summary>The generated-key directory: <see cref="DefaultKeyDirectory"/> when unset or empty, else the configured one, resolved here.</summary>
    public string KeyDirectory(string? configured) => Resolve(string.IsNullOrWhiteSpace(configured) ? DefaultKeyDirectory : configured);

    /// <summary>
    /// The SQLite connection string with its file anchored here: the default store file when none is configured, a relative
    /// file resolved against the data directory (an empty connection string counts as none). In-memory and URI data sources are left as they are.
    /// </summary>
    public SqliteConnectionStringBuilder Sqlite(string? connectionString)
    {
        var sqlite = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? $"Data Source={DefaultStoreFile}" : connectionString);
        if (sqlite.DataSource is { Length: > 0 } file && file != ":memory:" && sqlite.Mode != SqliteOpenMode.Memory
            && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            sqlite.DataSource = Resolve(file);
        }
        return sqlite;
    }
}
