namespace SecOps.IntegrationTests.Shippers;

/// <summary>Files of the repository itself (deploy/ configurations the shipper tests run as they are shipped).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecOps.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("The repository root (SecOps.sln) was not found above " + AppContext.BaseDirectory);
    }
}
