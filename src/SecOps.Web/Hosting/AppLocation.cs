namespace SecOps.Web.Hosting;

/// <summary>
/// Where the app runs from. Its content root (appsettings, the web root with every static asset) is its own base folder,
/// so `dotnet /srv/secops/SecOps.Web.dll` started from any working directory (a systemd unit without WorkingDirectory,
/// a script) serves the same files. An explicit content root (--contentRoot, ASPNETCORE_CONTENTROOT, DOTNET_CONTENTROOT)
/// still wins, and WebApplicationFactory's own content root is left alone.
/// </summary>
public static class AppLocation
{
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = ConfiguredContentRoot(args) is null ? AppContext.BaseDirectory : null,
    };

    /// <summary>The content root named by the environment or the command line, read the way the host reads it.</summary>
    public static string? ConfiguredContentRoot(string[] args) => new ConfigurationBuilder()
        .AddEnvironmentVariables("DOTNET_")
        .AddEnvironmentVariables("ASPNETCORE_")
        .AddCommandLine(args)
        .Build()[HostDefaults.ContentRootKey] is { Length: > 0 } configured ? configured : null;
}
