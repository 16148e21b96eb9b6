using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SecOps.IntegrationTests.Support;

/// <summary>
/// A redis-server of a test's own, on a free loopback port, that the test may stop hard and start again on the same
/// port (an outage other tests sharing <c>TestRedis</c> do not feel). Starting waits for the server's own
/// "ready" line, not for a length of time.
/// </summary>
public sealed class LocalRedisServer : IDisposable
{
    private Process? _process;

    public LocalRedisServer()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Start();
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public void Start()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("redis-server")
            {
                ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server on port {Port} exited before it was ready"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        _process = process;
        ready.Task.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    /// <summary>Kills the server (SIGKILL): every client connection drops at once, nothing is saved.</summary>
    public void Kill()
    {
        if (_process is { } process)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
            _process = null;
        }
    }

    public void Dispose() => Kill();
}
