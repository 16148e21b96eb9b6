using SecOps.IntegrationTests.Shippers;

namespace SecOps.Tests.Support;

/// <summary>
/// Finds tests/fixtures/elasticsearch inside the repository (<see cref="RepositoryFiles"/>), where the real
/// Elasticsearch documents live with their SOURCES.md. Nothing outside the clone is read.
/// </summary>
public static class SharedFixtures
{
    public static string RepositoryRoot => RepositoryFiles.Root;

    public static string ElasticsearchDirectory { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(ElasticsearchDirectory, relative);

    private static string Locate()
    {
        var fixtures = RepositoryFiles.PathOf(Path.Combine("tests", "fixtures", "elasticsearch"));
        return Directory.Exists(fixtures) ? fixtures : throw new DirectoryNotFoundException($"{fixtures} is missing from the repository.");
    }
}
