using System.Globalization;
using SecOps.Web.Data;

namespace SecOps.Benchmarks;

/// <summary>Workload sizes, from <c>--name value</c> options.</summary>
public sealed record BenchmarkSettings
{
    public int Alerts { get; init; } = 200_000;
    public int Warmup { get; init; } = 5_000;
    public int BatchSize { get; init; } = 1_000;
    public int InFlight { get; init; } = 4;
    public int Probes { get; init; } = 300;
    public int WarmupProbes { get; init; } = 30;
    public int Rate { get; init; } = 200;
    public bool Profile { get; init; }
    public int StoreAlerts { get; init; } = 1_000_000;
    public int StoreIncidents { get; init; } = 100_000;
    public int Runs { get; init; } = 200;
    public int WarmupRuns { get; init; } = 20;
    public int Pages { get; init; } = 50;
    public int BoardAlerts { get; init; } = 2_000;
    public int TailAlerts { get; init; } = 100_000;
    public int TailRate { get; init; } = 20;
    public int Circuits { get; init; } = 20;
    public int GroupRate { get; init; } = 50;
    public int Seconds { get; init; } = 20;
    public int ReplayChanges { get; init; } = 100_000;
    public int HubClients { get; init; } = 20;
    public int Subscribers { get; init; } = 1_000;
    public int Boards { get; init; } = 20;
    public int BrowserPages { get; init; } = 5;
    public int FanOutRate { get; init; } = 500;
    public int SourceOutageSeconds { get; init; } = 60;
    public int RedisOutageSeconds { get; init; } = 30;
    public int TimelineEvents { get; init; } = 10_000;
    public int PageOpens { get; init; } = 5;
    public int IncidentPages { get; init; } = 10;
    public int ScrollSteps { get; init; } = 100;
    public int HoldOpenSeconds { get; init; }
    public int? RangeDays { get; init; }
    public StoreProvider Store { get; init; } = StoreProvider.Sqlite;

    public const string Usage = """
        usage: dotnet run -c Release --project tests/SecOps.Benchmarks -- <ingest|alert-to-screen|board-query|board-totals|compliance-overview|incident-list|incident-page|board-memory|tail-throughput|tail-lag|grouped-aggregates|replay-stall|fan-out|open-boards|tail-outage|redis-outage|all> [options]
          --alerts N          ingest: measured alerts (200000)
          --warmup N          ingest: warm-up alerts, not counted (5000)
          --batch N           ingest: documents per request (1000)
          --in-flight N       ingest: concurrent requests (4)
          --probes N          alert-to-screen: measured probes (300)
          --warmup-probes N   alert-to-screen: probes before measuring (30)
          --rate N            alert-to-screen, replay-stall, open-boards: alerts per second streamed in (200)
          --profile           ingest, tail-throughput, compliance-overview: also time EF Core's commands and spans (adds some overhead)
          --store-alerts N    board-query, board-totals, compliance-overview, incident-list: alerts bulk-loaded into the store (1000000)
          --store-incidents N compliance-overview, incident-list: incidents loaded into the store, each with a containment and a resolution (100000)
          --runs N            board-query, board-totals, incident-list: measured queries per path (200)
          --warmup-runs N     board-query, board-totals, incident-list: queries per path before measuring (20)
          --pages N           board-memory: Chromium tabs with an open board (50)
          --board-alerts N    board-memory, open-boards: alerts ingested through the API first (2000)
          --tail-alerts N     tail-throughput: alert documents in Elasticsearch for the tail to read (100000)
          --tail-rate N       tail-lag, tail-outage: background alert documents indexed per second (20); tail-lag also --probes, --warmup-probes
          --outage-seconds N  tail-outage: each source outage's length after the tail noticed it (60)
          --redis-outage-seconds N  redis-outage: how long Redis stays down (30); needs PostgreSQL (SECOPS_TEST_POSTGRES) and redis-server
          --circuits N        grouped-aggregates: Chromium tabs on the grouped view (20)
          --group-rate N      grouped-aggregates: alerts per second streamed in (50)
          --seconds N         grouped-aggregates, fan-out, open-boards: measured seconds; replay-stall: seconds measured without a replay (20)
          --replay-changes N  replay-stall: changes the replaying client catches up on (100000)
          --hub-clients N     replay-stall: live hub clients measured (20)
          --subscribers N     fan-out: hub subscribers, on the app and on the bare hub (1000)
          --fan-out-rate N    fan-out: alerts per second through the ingest API (500)
          --boards N          open-boards: light Blazor circuits (no browser) with an open triage board (20; issue #13 asks 1000)
          --browser-pages N   open-boards: headless Chromium pages on the same board beside them, the sample (5)
          --timeline-events N incident-page: entries on the incident's timeline (10000)
          --page-opens N      incident-page: timed opens of the incident page after one warm-up (5)
          --incident-pages N  incident-page: Chromium tabs open on the incident for the memory figure (10)
          --scroll-steps N    incident-page: mouse-wheel steps of 400 px through the timeline (100)
          --hold-open N       incident-page: keep each memory measure's tabs open N more seconds, for a heap dump of this process (0)
          --days N            compliance-overview: measure only the last N days (default: 7, 30 and 90)
          --store S           ingest, board-query: sqlite (default) or postgres (the local server of SECOPS_TEST_POSTGRES, a database of the run's own)
        """;

    public static BenchmarkSettings Parse(IReadOnlyList<string> options)
    {
        var settings = new BenchmarkSettings();
        var queue = new Queue<string>(options);
        while (queue.TryDequeue(out var name))
        {
            if (name == "--profile")
            {
                settings = settings with { Profile = true };
                continue;
            }
            if (name == "--store")
            {
                settings = settings with
                {
                    Store = queue.TryDequeue(out var store) && Enum.TryParse<StoreProvider>(store, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
                        ? provider
                        : throw new ArgumentException("Option --store needs sqlite or postgres."),
                };
                continue;
            }
            if (!queue.TryDequeue(out var text) || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new ArgumentException($"Option {name} needs a positive number.");
            }
            settings = name switch
            {
                "--alerts" => settings with { Alerts = value },
                "--warmup" => settings with { Warmup = value },
                "--batch" => settings with { BatchSize = value },
                "--in-flight" => settings with { InFlight = value },
                "--probes" => settings with { Probes = value },
                "--warmup-probes" => settings with { WarmupProbes = value },
                "--rate" => settings with { Rate = value },
                "--store-alerts" => settings with { StoreAlerts = value },
                "--store-incidents" => settings with { StoreIncidents = value },
                "--runs" => settings with { Runs = value },
                "--warmup-runs" => settings with { WarmupRuns = value },
                "--pages" => settings with { Pages = value },
                "--board-alerts" => settings with { BoardAlerts = value },
                "--tail-alerts" => settings with { TailAlerts = value },
                "--tail-rate" => settings with { TailRate = value },
                "--circuits" => settings with { Circuits = value },
                "--group-rate" => settings with { GroupRate = value },
                "--seconds" => settings with { Seconds = value },
                "--days" => settings with { RangeDays = value },
                "--replay-changes" => settings with { ReplayChanges = value },
                "--hub-clients" => settings with { HubClients = value },
                "--subscribers" => settings with { Subscribers = value },
                "--fan-out-rate" => settings with { FanOutRate = value },
                "--boards" => settings with { Boards = value },
                "--browser-pages" => settings with { BrowserPages = value },
                "--outage-seconds" => settings with { SourceOutageSeconds = value },
                "--redis-outage-seconds" => settings with { RedisOutageSeconds = value },
                "--timeline-events" => settings with { TimelineEvents = value },
                "--page-opens" => settings with { PageOpens = value },
                "--incident-pages" => settings with { IncidentPages = value },
                "--scroll-steps" => settings with { ScrollSteps = value },
                "--hold-open" => settings with { HoldOpenSeconds = value },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return settings;
    }
}
