namespace SecOps.Tests.Support;

/// <summary>
/// Finds tests/fixtures/elasticsearch inside the repository (the folder holding SecOps.sln above the test binaries),
/// where the real Elasticsearch documents live with their SOURCES.md. Nothing outside the clone is read.
/// </summary>
public static class SharedFixtures
{
    public static string ElasticsearchDirectory { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(ElasticsearchDirectory, relative);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecOps.sln")))
            {
                var fixtures = Path.Combine(dir.FullName, "tests", "fixtures", "elasticsearch");
                return Directory.Exists(fixtures)
                    ? fixtures
                    : throw new DirectoryNotFoundException($"{fixtures} is missing from the repository.");
            }
        }
        throw new DirectoryNotFoundException("The repository root (SecOps.sln) was not found above " + AppContext.BaseDirectory);
    }
}
