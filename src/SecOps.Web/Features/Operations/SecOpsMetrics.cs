using Prometheus;
using SecOps.Web.Elasticsearch.Tail;

namespace SecOps.Web.Features.Operations;

/// <summary>
/// What <c>/metrics</c> reports, in Prometheus's text format: ingest rate, tail lag, push latency, circuits, hub
/// connections and store latency. Each app has its own registry, so two instances in one process never mix their figures.
/// </summary>
public sealed class SecOpsMetrics
{
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter _alertsStored;
    private readonly Histogram _storeWrite;
    private readonly Histogram _push;
    private readonly Gauge _circuits;
    private readonly Gauge _hubConnections;

    // SourceHealth exists only when an Elasticsearch source is configured (and a test host may add it later), so it is looked up at scrape time.
    public SecOpsMetrics(IServiceProvider services)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _alertsStored = factory.CreateCounter("secops_alerts_ingested_total", "New alerts committed to the store (API, _bulk, tails, demo stream).");
        _storeWrite = factory.CreateHistogram("secops_store_write_seconds", "Time of one store write: waiting for the write lock, the transaction and the commit.",
            new HistogramConfiguration { Buckets = LatencyBuckets });
        _push = factory.CreateHistogram("secops_push_latency_seconds", "From a change's commit to its live frame being handed to SignalR for hub clients (the oldest change in each frame).",
            new HistogramConfiguration { Buckets = LatencyBuckets });
        _circuits = factory.CreateGauge("secops_circuits", "Open Blazor circuits (interactive browser sessions).");
        _hubConnections = factory.CreateGauge("secops_hub_connections", "Connected clients of the /hubs/soc hub.");
        var lag = factory.CreateGauge("secops_tail_lag_seconds", "Per tailed source, seconds since it was last read completely.", "source");
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var status in services.GetService<SourceHealth>()?.All() ?? [])
            {
                if (status.LagSeconds is { } seconds)
                {
                    lag.WithLabels(status.Source).Set(seconds);
                }
            }
        });
    }

    public CollectorRegistry Registry { get; }

    public void AlertsStored(int count)
    {
        if (count > 0)
        {
            _alertsStored.Inc(count);
        }
    }

    public void StoreWrite(TimeSpan elapsed) => _storeWrite.Observe(elapsed.TotalSeconds);

    public void Pushed(TimeSpan sinceCommit) => _push.Observe(sinceCommit.TotalSeconds);

    public void CircuitOpened() => _circuits.Inc();

    public void CircuitClosed() => _circuits.Dec();

    public void HubConnected() => _hubConnections.Inc();

    public void HubDisconnected() => _hubConnections.Dec();
}
