namespace SecOps.Benchmarks;

/// <summary>Runs the pinned workloads of PRODUCT.md "Targets" against the real app on loopback and prints figures.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [Circuits.BoardServerProcess.Mode])
        {
            // The app of the open-boards workload, started by it as a child process (see BoardServerProcess).
            Directory.SetCurrentDirectory(AppContext.BaseDirectory);
            return Circuits.BoardServerProcess.Serve();
        }
        if (args.Length == 0 || args[0] is not ("ingest" or "alert-to-screen" or "board-query" or "board-totals" or "compliance-overview" or "incident-list" or "incident-page" or "board-memory" or "tail-throughput" or "tail-lag" or "grouped-aggregates" or "replay-stall" or "fan-out" or "open-boards" or "tail-outage" or "redis-outage" or "all"))
        {
            Console.Error.WriteLine(BenchmarkSettings.Usage);
            return 2;
        }
        BenchmarkSettings settings;
        try
        {
            settings = BenchmarkSettings.Parse(args[1..]);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchmarkSettings.Usage);
            return 2;
        }

        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the
        // current directory, as under a test runner; `dotnet run` starts in the caller's directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        Console.WriteLine($"SecOps benchmarks: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        if (args[0] is "ingest" or "all")
        {
            await IngestBenchmark.RunAsync(settings);
        }
        if (args[0] is "alert-to-screen" or "all")
        {
            await AlertToScreenBenchmark.RunAsync(settings);
        }
        if (args[0] is "board-query" or "all")
        {
            await BoardQueryBenchmark.RunAsync(settings);
        }
        if (args[0] is "board-totals" or "all")
        {
            await BoardTotalsBenchmark.RunAsync(settings);
        }
        if (args[0] is "compliance-overview" or "all")
        {
            await ComplianceOverviewBenchmark.RunAsync(settings);
        }
        if (args[0] is "incident-list" or "all")
        {
            await IncidentListBenchmark.RunAsync(settings);
        }
        if (args[0] is "incident-page" or "all")
        {
            await IncidentPageBenchmark.RunAsync(settings);
        }
        if (args[0] is "board-memory" or "all")
        {
            await BoardMemoryBenchmark.RunAsync(settings);
        }
        if (args[0] is "tail-throughput" or "all")
        {
            await TailThroughputBenchmark.RunAsync(settings);
        }
        if (args[0] is "tail-lag" or "all")
        {
            await TailLagBenchmark.RunAsync(settings);
        }
        if (args[0] is "grouped-aggregates" or "all")
        {
            await GroupedAggregatesBenchmark.RunAsync(settings);
        }
        if (args[0] is "replay-stall" or "all")
        {
            await ReplayStallBenchmark.RunAsync(settings);
        }
        if (args[0] is "fan-out" or "all")
        {
            await FanOutBenchmark.RunAsync(settings);
        }
        if (args[0] is "open-boards" or "all")
        {
            await Circuits.OpenBoardsBenchmark.RunAsync(settings);
        }
        if (args[0] is "tail-outage" or "all")
        {
            await TailOutageBenchmark.RunAsync(settings);
        }
        if (args[0] is "redis-outage" or "all")
        {
            await RedisOutageBenchmark.RunAsync(settings);
        }
        return 0;
    }
}
