using SecOps.IntegrationTests.Shippers;

namespace SecOps.IntegrationTests.Elasticsearch;

/// <summary>
/// Finds tests/fixtures/elasticsearch inside the repository (<see cref="RepositoryFiles"/>), where the real
/// Elasticsearch test files live with their SOURCES.md. Nothing outside the clone is read.
/// </summary>
public static class ElasticsearchFixtures
{
    public static string Directory { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(Directory, relative);

    private static string Locate()
    {
        var fixtures = RepositoryFiles.PathOf(Path.Combine("tests", "fixtures", "elasticsearch"));
        return System.IO.Directory.Exists(fixtures) ? fixtures : throw new DirectoryNotFoundException($"{fixtures} is missing from the repository.");
    }
}
