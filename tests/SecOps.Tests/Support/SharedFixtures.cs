namespace SecOps.Tests.Support;

/// <summary>Finds ../shared/elasticsearch beside the repository, where the real Elasticsearch fixtures live.</summary>
public static class SharedFixtures
{
    public static string ElasticsearchDirectory { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(ElasticsearchDirectory, relative);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SECOPS_SHARED_DIR") is { Length: > 0 } configured)
        {
            return Path.Combine(configured, "elasticsearch");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecOps.sln")))
            {
                var shared = Path.Combine(dir.FullName, "..", "shared", "elasticsearch");
                if (Directory.Exists(shared))
                {
                    return Path.GetFullPath(shared);
                }
            }
        }
        throw new DirectoryNotFoundException("../shared/elasticsearch was not found beside the repository (or set SECOPS_SHARED_DIR).");
    }
}
