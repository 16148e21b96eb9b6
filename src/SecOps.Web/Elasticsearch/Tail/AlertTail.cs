using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// Tails the configured alert indices into the ingest pipeline every poll interval: a cursor on the preset's time field
/// for new and late documents and, when the preset has one, a second cursor on the status-change time that brings
/// Kibana's status changes. Failures never stop the host: they are logged, reported in <see cref="SourceHealth"/>,
/// and retried with capped exponential backoff (longer when the cluster sends Retry-After).
/// </summary>
public sealed class AlertTail(
    IElasticsearchClient client, AlertIngestor ingestor, KibanaStatusSync statusSync, IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer,
    SourceHealth health, IOptions<ElasticsearchOptions> options, IOptions<TailOptions> tailOptions, IConfiguration configuration,
    TimeProvider time, ILogger<AlertTail> logger) : BackgroundService
{
    /// <summary>The <c>source</c> the ingest pipeline records for tailed alerts.</summary>
    public const string IngestSource = "elasticsearch";

    /// <summary>The name this tail reports under in <see cref="SourceHealth"/>.</summary>
    public const string HealthName = "elasticsearch:alerts";

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    private long _ingested;

    /// <summary>Documents handed to the ingest pipeline since start (new or changed; unchanged repeats are skipped before it).</summary>
    public long Ingested => Interlocked.Read(ref _ingested);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        SourcePreset preset;
        try
        {
            preset = SourcePresets.Resolve(settings.Preset, configuration);
        }
        catch (InvalidOperationException e)
        {
            health.Degraded(HealthName, DegradedReason.SourceError, e.Message);
            logger.LogError(e, "The Elasticsearch alert tail cannot start");
            return;
        }
        var context = new TailContext(client, string.Join(',', settings.AlertIndices), ingestor, statusSync, contexts, writer, settings, tailOptions.Value,
            time, logger, count => Interlocked.Add(ref _ingested, count));
        List<TailCursor> cursors = [new($"elasticsearch:{preset.Name}:alerts", preset.TimeField, preset, context)];
        if (preset.StatusTimeField is { } statusTime)
        {
            cursors.Add(new($"elasticsearch:{preset.Name}:alerts:status", statusTime, preset, context));
        }
        health.Starting(HealthName);
        logger.LogInformation("Tailing Elasticsearch alerts from {Indices} with preset {Preset} every {Interval}", context.Index, preset.Name, settings.PollInterval);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = settings.PollInterval;
            var startedAt = time.GetUtcNow();
            try
            {
                var partial = false;
                foreach (var cursor in cursors)
                {
                    partial |= await cursor.PollAsync(stoppingToken);
                }
                if (partial)
                {
                    // Hits were ingested, but the checkpoint holds until a complete read, so the missing shards are re-read.
                    failures++;
                    health.Degraded(HealthName, DegradedReason.PartialResults, "some shards failed; the checkpoint is held until every shard answers");
                    logger.LogWarning("Partial results from {Indices}; the checkpoint is held", context.Index);
                }
                else
                {
                    if (failures > 0)
                    {
                        logger.LogInformation("The Elasticsearch alert source recovered after {Failures} failed polls", failures);
                    }
                    failures = 0;
                    health.Succeeded(HealthName, startedAt);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                failures++;
                var (reason, detail, retryAfter) = Classify(e);
                health.Degraded(HealthName, reason, detail);
                delay = Backoff(settings.PollInterval, tailOptions.Value.MaxBackoff, failures, retryAfter);
                if (failures == 1)
                {
                    logger.LogWarning(e, "Polling Elasticsearch alerts failed ({Reason}); retrying in {Delay}", reason, delay);
                }
                else
                {
                    logger.LogWarning("Polling Elasticsearch alerts failed again ({Reason}: {Detail}); attempt {Failures}, retrying in {Delay}", reason, detail, failures, delay);
                }
            }
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Exponential from the poll interval, capped; a Retry-After the cluster sent is honoured even above the cap.</summary>
    public static TimeSpan Backoff(TimeSpan pollInterval, TimeSpan max, int failures, TimeSpan? retryAfter)
    {
        var exponential = pollInterval * Math.Pow(2, Math.Min(failures - 1, 20));
        var delay = exponential > max ? max : exponential;
        // Up to 20% jitter, so several instances do not retry in step.
        delay += delay * (Random.Shared.NextDouble() * 0.2);
        return retryAfter is { } wait && wait > delay ? (wait > MaxRetryAfter ? MaxRetryAfter : wait) : delay;
    }

    public static (DegradedReason Reason, string Detail, TimeSpan? RetryAfter) Classify(Exception e) => e switch
    {
        ElasticsearchException { IsAuthenticationFailure: true } es => (DegradedReason.AuthFailure, $"authentication failed ({es.Type})", null),
        ElasticsearchException { IsAuthorizationFailure: true } es => (DegradedReason.AuthFailure, $"not authorised to read the alert indices ({es.Type})", null),
        ElasticsearchException { IsThrottled: true } es => (DegradedReason.Throttled, $"throttled ({es.Type})", es.RetryAfter),
        ElasticsearchException { Status: >= 500 } es => (DegradedReason.Unreachable, $"cluster unavailable ({es.Status} {es.Type})", es.RetryAfter),
        ElasticsearchException es => (DegradedReason.SourceError, $"{es.Status} {es.Type}: {es.Reason}", null),
        ElasticsearchUnavailableException => (DegradedReason.Unreachable, "no node answered (refused or timed out)", null),
        ElasticsearchProtocolException => (DegradedReason.MalformedResponse, "the answer was not valid Elasticsearch JSON", null),
        HttpRequestException or TimeoutException => (DegradedReason.Unreachable, e.GetType().Name, null),
        _ => (DegradedReason.IngestFailure, $"{e.GetType().Name}: {e.Message}", null),
    };
}
