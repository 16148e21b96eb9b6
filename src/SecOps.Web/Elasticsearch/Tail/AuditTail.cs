using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.AuditEvents;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// Tails the configured audit indices (<c>AuditIndices</c>, default <c>logs-*</c>) into the audit-event store every poll interval,
/// with the alert tail's semantics: <c>search_after</c> on the audit preset's time field and tiebreaker (<c>event.id</c>, never
/// <c>_id</c>), a look-back overlap for late documents, de-duplication by document id and content, a checkpoint advanced only
/// after a page was committed, and its own health (<see cref="HealthName"/>). SecOps's own shipped audit records are excluded
/// in the query (<see cref="OwnAuditRecords.Exclusion"/>).
/// </summary>
public sealed class AuditTail(
    IElasticsearchClient client, AuditEventIngestor ingestor, IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer, StoreLeases leases,
    SourceHealth health, IOptions<ElasticsearchOptions> options, IOptions<TailOptions> tailOptions, IConfiguration configuration,
    TimeProvider time, ILogger<AuditTail> logger) : BackgroundService
{
    /// <summary>The <c>source</c> recorded for tailed audit events.</summary>
    public const string IngestSource = "elasticsearch";

    /// <summary>The name this tail reports under in <see cref="SourceHealth"/>.</summary>
    public const string HealthName = "elasticsearch:audit";

    private long _ingested;

    /// <summary>Documents handed to the audit ingest since start (new or changed; unchanged repeats are skipped before it).</summary>
    public long Ingested => Interlocked.Read(ref _ingested);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        if (settings.AuditIndices.Count == 0)
        {
            logger.LogInformation("No Elasticsearch audit indices are configured; the audit tail is off");
            return;
        }
        if (TailLoop.ResolvePreset(settings.AuditPreset, configuration, health, HealthName, "audit", logger) is not { } preset)
        {
            return;
        }
        var context = new TailContext(client, string.Join(',', settings.AuditIndices), new AuditTailSink(ingestor), contexts, writer, leases, HealthName,
            settings, tailOptions.Value, time, logger, count => Interlocked.Add(ref _ingested, count))
        {
            Exclusions = [OwnAuditRecords.Exclusion],
        };
        List<TailCursor> cursors = [new($"elasticsearch:{preset.Name}:audit", preset.TimeField, preset, context)];
        health.Starting(HealthName);
        logger.LogInformation("Tailing Elasticsearch audit events from {Indices} with preset {Preset} every {Interval}", context.Index, preset.Name, settings.PollInterval);
        await TailLoop.RunAsync(HealthName, "audit", cursors, context, health, stoppingToken);
    }
}
