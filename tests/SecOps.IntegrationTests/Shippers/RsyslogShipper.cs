namespace SecOps.IntegrationTests.Shippers;

/// <summary>
/// rsyslogd 8.2302 (Debian's rsyslog and rsyslog-elasticsearch) in the foreground, running the repository's
/// <c>deploy/shippers/rsyslog-omelasticsearch.conf</c> unchanged, with its input file, work directory, endpoint and
/// key given through the environment; everything lives in a temporary directory.
/// </summary>
public sealed class RsyslogShipper : IDisposable
{
    public const string Rsyslogd = "/usr/sbin/rsyslogd";
    public const string ConfigPath = "deploy/shippers/rsyslog-omelasticsearch.conf";

    private readonly ShipperProcess _process;

    private RsyslogShipper(string directory, ShipperProcess process)
    {
        Directory = directory;
        _process = process;
    }

    public string Directory { get; }

    public string InputFile => Path.Combine(Directory, "auth.log");

    /// <summary>Where omelasticsearch writes each batch that failed, with the server's reply.</summary>
    public string ErrorFile => Path.Combine(Directory, "work", "omelasticsearch-errors.json");

    /// <summary>What rsyslogd printed (its own error messages), for failure reports.</summary>
    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public static async Task<RsyslogShipper> StartAsync(Uri elasticUrl, string apiKey)
    {
        ShipperProcess.Require(Rsyslogd, "rsyslog");
        if (!System.IO.Directory.EnumerateDirectories("/usr/lib").Any(d => File.Exists(Path.Combine(d, "rsyslog", "omelasticsearch.so"))))
        {
            Assert.Fail("rsyslog's omelasticsearch module is missing: install the Debian package rsyslog-elasticsearch (test.sh installs it).");
        }
        var directory = Path.Combine(Path.GetTempPath(), "secops-rsyslog-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "work"));
        var config = Path.Combine(directory, "rsyslog.conf");
        File.Copy(RepositoryFiles.PathOf(ConfigPath), config);
        File.WriteAllText(Path.Combine(directory, "auth.log"), "");
        var environment = new Dictionary<string, string>
        {
            ["SECOPS_ELASTIC_URL"] = elasticUrl.ToString().TrimEnd('/'),
            ["SECOPS_API_KEY"] = apiKey,
            ["SECOPS_RSYSLOG_INPUT"] = Path.Combine(directory, "auth.log"),
            ["SECOPS_RSYSLOG_WORKDIR"] = Path.Combine(directory, "work"),
        };
        var check = await ShipperProcess.RunAsync(Rsyslogd, ["-N1", "-f", config], environment);
        Assert.True(check.ExitCode == 0, "rsyslogd rejected the configuration: " + check);
        var process = ShipperProcess.Start(Rsyslogd, ["-n", "-f", config, "-i", Path.Combine(directory, "work", "rsyslogd.pid")], environment);
        return new RsyslogShipper(directory, process);
    }

    /// <summary>Appends complete lines to the tailed log file, as a daemon writing its log would.</summary>
    public void Append(params string[] lines) => File.AppendAllText(InputFile, string.Concat(lines.Select(l => l + "\n")));

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the temp directory.
        }
    }
}
