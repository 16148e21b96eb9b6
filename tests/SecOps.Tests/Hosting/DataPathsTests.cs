using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using SecOps.Web.Hosting;

namespace SecOps.Tests.Hosting;

public sealed class DataPathsTests
{
    private static readonly string ContentRoot = Path.Combine(Path.GetTempPath(), "secops-app");

    private static DataPaths Paths(string? dataDirectory) => DataPaths.From(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DataPaths.ConfigurationKey] = dataDirectory }).Build(),
        ContentRoot);

    [Fact]
    public void Default_IsDataBesideTheApp_NotInTheWorkingDirectory()
    {
        Assert.Equal(Path.Combine(ContentRoot, "data"), Paths(null).DataDirectory);
        Assert.NotEqual(Path.GetFullPath("data"), Paths(null).DataDirectory);
    }

    [Fact]
    public void RelativeDataDirectory_ResolvesAgainstTheContentRoot()
    {
        Assert.Equal(Path.Combine(ContentRoot, "state", "secops"), Paths("state/secops").DataDirectory);
    }

    [Fact]
    public void AbsoluteDataDirectory_IsKept()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere");
        Assert.Equal(absolute, Paths(absolute).DataDirectory);
    }

    [Fact]
    public void WithoutConnectionString_TheStoreIsSecopsDbInTheDataDirectory()
    {
        var paths = Paths("/var/lib/secops");
        Assert.Equal(Path.GetFullPath("/var/lib/secops/secops.db"), paths.Sqlite(null).DataSource);
    }

    [Theory]
    [InlineData("Data Source=custom.db", "custom.db")]
    [InlineData("Data Source=data/secops.db;Cache=Shared", "data/secops.db")]
    public void RelativeStoreFile_ResolvesAgainstTheDataDirectory(string connectionString, string file)
    {
        var paths = Paths("/var/lib/secops");
        var sqlite = paths.Sqlite(connectionString);
        Assert.Equal(Path.GetFullPath(Path.Combine("/var/lib/secops", file)), sqlite.DataSource);
        Assert.Equal(new SqliteConnectionStringBuilder(connectionString).Cache, sqlite.Cache);
    }

    [Theory]
    [InlineData("Data Source=/srv/store/secops.db", "/srv/store/secops.db")]
    [InlineData("Data Source=:memory:", ":memory:")]
    [InlineData("Data Source=shared-memory;Mode=Memory;Cache=Shared", "shared-memory")]
    [InlineData("Data Source=file:secops.db?mode=ro", "file:secops.db?mode=ro")]
    public void AbsoluteInMemoryAndUriSources_AreKept(string connectionString, string dataSource)
    {
        Assert.Equal(dataSource, Paths("/var/lib/secops").Sqlite(connectionString).DataSource);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyConnectionString_CountsAsNone(string connectionString)
    {
        Assert.Equal(Path.GetFullPath("/var/lib/secops/secops.db"), Paths("/var/lib/secops").Sqlite(connectionString).DataSource);
    }

    [Theory]
    [InlineData(null, "/var/lib/secops/keys")]
    [InlineData("", "/var/lib/secops/keys")]
    [InlineData("app-keys", "/var/lib/secops/app-keys")]
    [InlineData("/run/secrets/secops", "/run/secrets/secops")]
    public void KeyDirectory_DefaultsToKeysInTheDataDirectory_RelativeResolvesThere_AbsoluteIsKept(string? configured, string expected)
    {
        Assert.Equal(Path.GetFullPath(expected), Paths("/var/lib/secops").KeyDirectory(configured));
    }
}
