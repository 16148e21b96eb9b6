using SecOps.Web.Data;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Elasticsearch.WriteBack;

/// <summary>
/// Writes triage status changes made in SecOps back to the source alerts (<c>kibana.alert.workflow_status</c>), so
/// Kibana stays in sync. Runs <see cref="WriteBackPass"/> until the change feed is caught up, then waits for the next
/// triage change on the live feed (or the poll interval). Failures never stop the host: they show as degraded under
/// <see cref="HealthName"/> with the reason, and are retried with capped exponential backoff while nothing is lost,
/// since the position in the feed only moves once Elasticsearch has confirmed.
/// </summary>
public sealed class StatusWriteBack(
    WriteBackPass pass, LiveFeed feed, SourceHealth health, StoreLeases leases, IOptions<ElasticsearchOptions> options, IOptions<TailOptions> tailOptions,
    IConfiguration configuration, TimeProvider time, ILogger<StatusWriteBack> logger) : BackgroundService
{
    /// <summary>The name write-back reports under in <see cref="SourceHealth"/>.</summary>
    public const string HealthName = "elasticsearch:writeback";

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _totalsGate = new();
    private readonly WriteBackTally _totals = new();
    private string? _refusal;

    /// <summary>What write-back has done since start: documents written, found in sync, kept at the source's status, skipped, refused.</summary>
    public WriteBackTally Totals
    {
        get
        {
            lock (_totalsGate)
            {
                var copy = new WriteBackTally();
                copy.Add(_totals);
                return copy;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        WriteBackFields? fields;
        try
        {
            var preset = SourcePresets.Resolve(settings.Preset, configuration);
            fields = WriteBackFields.From(preset, settings);
            if (fields is null)
            {
                health.Degraded(HealthName, DegradedReason.SourceError, $"the preset {preset.Name} has no status field to write back");
                logger.LogWarning("Write-back is on, but the preset {Preset} has no status field; nothing is written back", preset.Name);
                return;
            }
        }
        catch (InvalidOperationException e)
        {
            health.Degraded(HealthName, DegradedReason.SourceError, e.Message);
            logger.LogError(e, "Elasticsearch write-back cannot start");
            return;
        }
        using var changes = feed.Subscribe(batch =>
        {
            if (batch.Any(c => c.Kind == ChangeKind.AlertTriaged))
            {
                _wake.Writer.TryWrite(true);
            }
        });
        using var bulk = feed.SubscribeBulk(notice =>
        {
            if (notice.Kind == nameof(ChangeKind.AlertTriaged))
            {
                _wake.Writer.TryWrite(true);
            }
        });
        health.Starting(HealthName);
        logger.LogInformation("Writing triage status back to {Field} in {Indices}", fields.StatusField, fields.Indices);
        var work = new SourceWork(HealthName, "write-back",
            Step: async (startedAt, cancellationToken) =>
            {
                var (caughtUp, tally) = await pass.RunAsync(fields, cancellationToken);
                lock (_totalsGate)
                {
                    _totals.Add(tally);
                }
                Report(tally, startedAt);
                return new SourceStep(Complete: true, MoreWaiting: !caughtUp);
            },
            // Another instance may have written on since this one last held write-back: read the stored position again.
            Forget: pass.Forget,
            Classify: Classify,
            // While the source is failing, new triage changes wait for the backoff instead of hammering it.
            Wait: (delay, failed, cancellationToken) => WaitAsync(delay, wakeable: !failed, cancellationToken));
        await TailLoop.RunWorkAsync(work, leases, health, settings.PollInterval, tailOptions.Value, time, logger, stoppingToken);
    }

    /// <summary>
    /// Connected after a clean step. A document Elasticsearch refused for good keeps the health degraded, with the
    /// reason, until a later step writes documents without a refusal; it is logged with its id either way.
    /// </summary>
    private void Report(WriteBackTally tally, DateTimeOffset startedAt)
    {
        if (tally.Refused > 0)
        {
            _refusal = $"{tally.Refused} status writes refused, last: {tally.LastRefusal}";
        }
        else if (tally.Written > 0)
        {
            _refusal = null;
        }
        if (_refusal is { } refusal)
        {
            health.Degraded(HealthName, DegradedReason.SourceError, refusal, completedRead: true, pollStartedAt: startedAt);
        }
        else
        {
            health.Succeeded(HealthName, startedAt);
        }
    }

    public static (DegradedReason Reason, string Detail, TimeSpan? RetryAfter) Classify(Exception e) => e switch
    {
        WriteBackException w => (w.Reason, w.Message, null),
        ElasticsearchException { IsAuthorizationFailure: true } es => (DegradedReason.AuthFailure, $"not authorised to write the alert indices ({es.Type})", null),
        ElasticsearchException or ElasticsearchUnavailableException or ElasticsearchProtocolException or HttpRequestException or TimeoutException => TailLoop.Classify(e, "alert"),
        _ => (DegradedReason.SourceError, $"{e.GetType().Name}: {e.Message}", null),
    };

    /// <summary>Waits for the delay, or (when <paramref name="wakeable"/>) until a triage change is published, whichever is first.</summary>
    private async Task WaitAsync(TimeSpan delay, bool wakeable, CancellationToken cancellationToken)
    {
        if (!wakeable)
        {
            await Task.Delay(delay, time, cancellationToken);
            return;
        }
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(delay, time, waiting.Token);
        var wake = _wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(sleep, wake);
        await waiting.CancelAsync();
        _wake.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
