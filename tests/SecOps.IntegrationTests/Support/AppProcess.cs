using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SecOps.IntegrationTests.Shippers;

namespace SecOps.IntegrationTests.Support;

/// <summary>
/// The built app (<c>src/SecOps.Web/bin/&lt;configuration&gt;/net10.0/SecOps.Web.dll</c>) run as a real child process,
/// <c>dotnet SecOps.Web.dll</c>, on a free loopback port, configured only through environment variables, so a test can
/// kill it the way an operating system does (SIGKILL: no shutdown hook, no flush) and start it again on the same store.
/// It runs in Development so that the build output's static web assets serve as its web root (a published folder is not
/// needed), with the demo off.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private const int LogLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _log = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The built app's dll: the same configuration (Debug or Release) the tests were built in.</summary>
    public static string AppDll { get; } = LocateAppDll();

    /// <summary>Starts the app with <paramref name="settings"/> (configuration keys, <c>:</c> or <c>__</c>) and waits until <c>/health/live</c> answers.</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan? timeout = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AppDll },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["SecOps__Demo__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Workstation GC: the machine running the suite is shared, and a server heap per core is not what is under test.
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, baseAddress);
        process.OutputDataReceived += (_, line) => app.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => app.Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Only bounds a failing start: a first start migrates the store, and the machines running the suite may be busy.
            await app.WaitLiveAsync(timeout ?? TimeSpan.FromMinutes(3));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>Kills the process with SIGKILL (what <see cref="Process.Kill()"/> sends on Linux) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>The last lines the app wrote, for a failing test's message.</summary>
    public string Log()
    {
        lock (_log)
        {
            return string.Join('\n', _log);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > LogLines)
            {
                _log.Dequeue();
            }
        }
    }

    private async Task WaitLiveAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the app exited ({_process.ExitCode}) before it was live:\n{Log()}");
            }
            try
            {
                using var response = await client.GetAsync("health/live");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the app was not live within {timeout}:\n{Log()}");
            }
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string LocateAppDll()
    {
        // The tests run from tests/SecOps.IntegrationTests/bin/<configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent?.Name ?? "Release";
        var dll = Path.Combine(RepositoryFiles.Root, "src", "SecOps.Web", "bin", configuration, output.Name, "SecOps.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The built app is not at {dll}: build the solution ({configuration}) first", dll);
        }
        return dll;
    }
}
