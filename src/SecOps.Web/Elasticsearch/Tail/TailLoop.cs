using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Presets;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// The loop every kind of work on an Elasticsearch source runs (the tails' polls, write-back's passes): one instance at a time
/// by lease, failures reported and retried with backoff. A tail's poll reads each cursor to the end; a poll with partial
/// results holds the checkpoints and reports Degraded.
/// </summary>
internal static class TailLoop
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    /// <param name="what">What the tail reads, for logs and reasons: "alert" or "audit".</param>
    public static Task RunAsync(
        string healthName, string what, IReadOnlyList<TailCursor> cursors, TailContext context, SourceHealth health, CancellationToken stoppingToken)
    {
        var work = new SourceWork(healthName, $"{what} source",
            Step: async (startedAt, cancellationToken) =>
            {
                var partial = false;
                foreach (var cursor in cursors)
                {
                    partial |= await cursor.PollAsync(cancellationToken);
                }
                if (partial)
                {
                    // Hits were ingested, but the checkpoint holds until a complete read, so the missing shards are re-read.
                    health.Degraded(healthName, DegradedReason.PartialResults, "some shards failed; the checkpoint is held until every shard answers");
                    context.Logger.LogWarning("Partial results from {Indices}; the checkpoint is held", context.Index);
                    return new SourceStep(Complete: false);
                }
                health.Succeeded(healthName, startedAt);
                return new SourceStep(Complete: true);
            },
            Forget: () =>
            {
                foreach (var cursor in cursors)
                {
                    cursor.Forget();
                }
            },
            Classify: e => Classify(e, what));
        return RunWorkAsync(work, context.Leases, health, context.Options.PollInterval, context.TailOptions, context.Time, context.Logger, stoppingToken);
    }

    /// <summary>
    /// Repeats <paramref name="work"/> every poll interval while this instance holds the source's lease (standing by otherwise);
    /// a failure never stops the host: it is logged, reported under the work's health name and retried with capped exponential
    /// backoff (longer when the cluster sends Retry-After). The lease is released on the way out.
    /// </summary>
    public static async Task RunWorkAsync(
        SourceWork work, StoreLeases leases, SourceHealth health, TimeSpan pollInterval, TailOptions options, TimeProvider time, ILogger logger,
        CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = pollInterval;
            var failed = false;
            try
            {
                var hold = await HoldLeaseAsync(leases, health, work.HealthName, options.LeaseDuration, stoppingToken);
                if (hold == LeaseHold.Standby)
                {
                    await Task.Delay(delay, time, stoppingToken);
                    continue;
                }
                if (hold == LeaseHold.Acquired)
                {
                    work.Forget();
                }
                var step = await work.Step(time.GetUtcNow(), stoppingToken);
                if (!step.Complete)
                {
                    failures++;
                }
                else
                {
                    if (failures > 0)
                    {
                        logger.LogInformation("The Elasticsearch {What} recovered after {Failures} failed attempts", work.What, failures);
                    }
                    failures = 0;
                    if (step.MoreWaiting)
                    {
                        continue;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (LeaseLostException)
            {
                logger.LogInformation("Another instance took over the Elasticsearch {What} while this one worked; this one stands by", work.What);
            }
            catch (Exception e)
            {
                failures++;
                failed = true;
                var (reason, detail, retryAfter) = work.Classify(e);
                health.Degraded(work.HealthName, reason, detail);
                delay = Backoff(pollInterval, options.MaxBackoff, failures, retryAfter);
                if (failures == 1)
                {
                    logger.LogWarning(e, "The Elasticsearch {What} failed ({Reason}); retrying in {Delay}", work.What, reason, delay);
                }
                else
                {
                    logger.LogWarning("The Elasticsearch {What} failed again ({Reason}: {Detail}); attempt {Failures}, retrying in {Delay}",
                        work.What, reason, detail, failures, delay);
                }
            }
            try
            {
                await (work.Wait?.Invoke(delay, failed, stoppingToken) ?? Task.Delay(delay, time, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await ReleaseLeaseAsync(leases, work.HealthName, logger);
    }

    /// <summary>The tail's preset by name; a bad name is reported as the source's health and logged, and the tail does not start.</summary>
    public static SourcePreset? ResolvePreset(string name, IConfiguration configuration, SourceHealth health, string healthName, string what, ILogger logger)
    {
        try
        {
            return SourcePresets.Resolve(name, configuration);
        }
        catch (InvalidOperationException e)
        {
            health.Degraded(healthName, DegradedReason.SourceError, e.Message);
            logger.LogError(e, "The Elasticsearch {What} tail cannot start", what);
            return null;
        }
    }

    /// <summary>
    /// One instance per source: takes or renews the lease named after the source; when another instance holds it,
    /// reports standby (not degraded: the other instance is doing the work).
    /// </summary>
    public static async Task<LeaseHold> HoldLeaseAsync(StoreLeases leases, SourceHealth health, string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        var hold = await leases.HoldAsync(name, duration, cancellationToken);
        if (hold == LeaseHold.Standby)
        {
            var holder = await leases.HolderOfAsync(name, cancellationToken);
            health.Standby(name, $"another instance ({holder ?? "unknown"}) holds this source; this one takes over if it stops");
        }
        return hold;
    }

    /// <summary>Gives the lease up on shutdown so a standby instance takes over at once; a failure only delays that until expiry.</summary>
    public static async Task ReleaseLeaseAsync(StoreLeases leases, string name, ILogger logger)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(name, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not release the lease {Lease}; another instance takes over when it expires", name);
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

    public static (DegradedReason Reason, string Detail, TimeSpan? RetryAfter) Classify(Exception e, string what) => e switch
    {
        ElasticsearchException { IsAuthenticationFailure: true } es => (DegradedReason.AuthFailure, $"authentication failed ({es.Type})", null),
        ElasticsearchException { IsAuthorizationFailure: true } es => (DegradedReason.AuthFailure, $"not authorised to read the {what} indices ({es.Type})", null),
        ElasticsearchException { IsThrottled: true } es => (DegradedReason.Throttled, $"throttled ({es.Type})", es.RetryAfter),
        ElasticsearchException { Status: >= 500 } es => (DegradedReason.Unreachable, $"cluster unavailable ({es.Status} {es.Type})", es.RetryAfter),
        ElasticsearchException es => (DegradedReason.SourceError, $"{es.Status} {es.Type}: {es.Reason}", null),
        ElasticsearchUnavailableException => (DegradedReason.Unreachable, "no node answered (refused or timed out)", null),
        ElasticsearchProtocolException => (DegradedReason.MalformedResponse, "the answer was not valid Elasticsearch JSON", null),
        HttpRequestException or TimeoutException => (DegradedReason.Unreachable, e.GetType().Name, null),
        _ => (DegradedReason.IngestFailure, $"{e.GetType().Name}: {e.Message}", null),
    };
}
