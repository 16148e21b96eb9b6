using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Threading.Channels;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;

namespace SecOps.Benchmarks.Circuits;

/// <summary>
/// The app for the open-boards workload in a process of its own (this benchmark started again as
/// <c>open-boards-server</c>), so its CPU time and heap are the server's alone, apart from the circuit clients'. It
/// answers one-line commands on stdin: <c>memory</c> (heap after a full collection, working set, circuits) and <c>quit</c>.
/// </summary>
public sealed class BoardServerProcess : IAsyncDisposable
{
    public const string Mode = "open-boards-server";
    private const string Reply = "@@ ";

    private readonly Process _process;
    private readonly Channel<string> _replies = Channel.CreateUnbounded<string>();

    private BoardServerProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = default!;

    public int ProcessId => _process.Id;

    public sealed record Memory(long Managed, long WorkingSet, int OpenCircuits, int ConnectedCircuits);

    public static async Task<BoardServerProcess> StartAsync()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        start.ArgumentList.Add(Mode);
        var server = new BoardServerProcess(Process.Start(start)!);
        _ = server.ReadOutputAsync();
        var ready = await server.NextReplyAsync(TimeSpan.FromMinutes(3));
        server.BaseAddress = new Uri(ready["ready ".Length..]);
        return server;
    }

    /// <summary>Server CPU time so far (user and system, all threads).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async Task<Memory> MeasureAsync()
    {
        await _process.StandardInput.WriteLineAsync("memory");
        var parts = (await NextReplyAsync(TimeSpan.FromMinutes(1))).Split(' ');
        return new Memory(long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture),
            int.Parse(parts[3], CultureInfo.InvariantCulture), int.Parse(parts[4], CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until at least <paramref name="connected"/> circuits are connected (or the timeout passes) and returns the last count.</summary>
    public async Task<Memory> WaitForCircuitsAsync(int connected, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await _process.StandardInput.WriteLineAsync("circuits");
            var parts = (await NextReplyAsync(TimeSpan.FromMinutes(1))).Split(' ');
            var memory = new Memory(0, 0, int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
            if (memory.ConnectedCircuits >= connected || waited.Elapsed > timeout)
            {
                return memory;
            }
            await Task.Delay(250);
        }
    }

    private async Task<string> NextReplyAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _replies.Reader.ReadAsync(cancel.Token);
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(Reply, StringComparison.Ordinal))
            {
                await _replies.Writer.WriteAsync(line[Reply.Length..]);
            }
            else if (line.Length > 0)
            {
                Console.WriteLine($"   [server] {line}");
            }
        }
        _replies.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("quit");
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // This process started it: ending it by its own id leaves everything else on the machine alone.
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    /// <summary>The child's side: the app on loopback with a circuit counter, answering commands until <c>quit</c>.</summary>
    public static int Serve()
    {
        var circuits = new CircuitCounter();
        using var host = new BenchmarkHost(services => services.AddSingleton<CircuitHandler>(circuits), new Dictionary<string, string?>
        {
            // Every sign-in page warns that antiforgery made it uncachable, and the migrations warn about SQLite pragmas: noise here.
            ["Logging:LogLevel:Microsoft.AspNetCore.Antiforgery"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Error",
        });
        Console.WriteLine($"{Reply}ready {host.BaseAddress}");
        while (Console.ReadLine() is { } command && command != "quit")
        {
            if (command == "memory")
            {
                var memory = BoardMemoryBenchmark.Measure();
                Console.WriteLine($"{Reply}memory {memory.Managed} {memory.WorkingSet} {circuits.Open} {circuits.Connected}");
            }
            else if (command == "circuits")
            {
                Console.WriteLine($"{Reply}circuits {circuits.Open} {circuits.Connected}");
            }
        }
        return 0;
    }
}
