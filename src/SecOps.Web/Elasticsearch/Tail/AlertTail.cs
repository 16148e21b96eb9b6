using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// Tails the configured alert indices into the ingest pipeline every poll interval: a cursor on the preset's time field
/// for new and late documents and, when the preset has one, a second cursor on the status-change time that brings
/// Kibana's status changes. Failures never stop the host: <see cref="TailLoop"/> logs them, reports them in <see cref="SourceHealth"/>
/// and retries with capped exponential backoff (longer when the cluster sends Retry-After).
/// </summary>
public sealed class AlertTail(
    IElasticsearchClient client, AlertIngestor ingestor, KibanaStatusSync statusSync, IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer, StoreLeases leases,
    SourceHealth health, IOptions<ElasticsearchOptions> options, IOptions<TailOptions> tailOptions, IConfiguration configuration,
    TimeProvider time, ILogger<AlertTail> logger) : BackgroundService
{
    /// <summary>The <c>source</c> the ingest pipeline records for tailed alerts.</summary>
    public const string IngestSource = "elasticsearch";

    /// <summary>The name this tail reports under in <see cref="SourceHealth"/>.</summary>
    public const string HealthName = "elasticsearch:alerts";

    private long _ingested;

    /// <summary>Documents handed to the ingest pipeline since start (new or changed; unchanged repeats are skipped before it).</summary>
    public long Ingested => Interlocked.Read(ref _ingested);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        if (TailLoop.ResolvePreset(settings.Preset, configuration, health, HealthName, "alert", logger) is not { } preset)
        {
            return;
        }
        var context = new TailContext(client, string.Join(',', settings.AlertIndices), new AlertTailSink(ingestor, statusSync, contexts, preset), contexts, writer, leases, HealthName,
            settings, tailOptions.Value, time, logger, count => Interlocked.Add(ref _ingested, count));
        List<TailCursor> cursors = [new($"elasticsearch:{preset.Name}:alerts", preset.TimeField, preset, context)];
        if (preset.StatusTimeField is { } statusTime)
        {
            cursors.Add(new($"elasticsearch:{preset.Name}:alerts:status", statusTime, preset, context));
        }
        health.Starting(HealthName);
        logger.LogInformation("Tailing Elasticsearch alerts from {Indices} with preset {Preset} every {Interval}", context.Index, preset.Name, settings.PollInterval);
        await TailLoop.RunAsync(HealthName, "alert", cursors, context, health, stoppingToken);
    }
}
