namespace SecOps.IntegrationTests.Elasticsearch;

/// <summary>Finds ../shared/elasticsearch beside the repository (or under SECOPS_SHARED_DIR), where the real Elasticsearch test files live.</summary>
public static class ElasticsearchFixtures
{
    public static string Directory { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(Directory, relative);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SECOPS_SHARED_DIR") is { Length: > 0 } configured)
        {
            return Path.Combine(configured, "elasticsearch");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "..", "shared", "elasticsearch");
            if (File.Exists(Path.Combine(dir.FullName, "SecOps.sln")) && System.IO.Directory.Exists(shared))
            {
                return Path.GetFullPath(shared);
            }
        }
        throw new DirectoryNotFoundException("../shared/elasticsearch was not found beside the repository (or set SECOPS_SHARED_DIR).");
    }
}
