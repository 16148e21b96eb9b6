namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// One kind of work on an Elasticsearch source that <see cref="TailLoop.RunWorkAsync"/> repeats: a tail's poll, or a
/// write-back pass. The step reports its own success in <see cref="SourceHealth"/>; the loop handles the lease, failures,
/// backoff and the wait between steps.
/// </summary>
/// <param name="HealthName">The name in <see cref="SourceHealth"/> and of the lease, e.g. <c>elasticsearch:alerts</c>.</param>
/// <param name="What">For logs: "alert source", "audit source", "write-back".</param>
/// <param name="Step">One poll or pass, given its start time.</param>
/// <param name="Forget">Drops cached positions after this instance (re)took the lease: another may have worked meanwhile.</param>
/// <param name="Classify">The degraded reason, detail and any Retry-After of a failed step.</param>
/// <param name="Wait">The wait between steps (delay, whether the last step failed); a plain delay when null.</param>
internal sealed record SourceWork(
    string HealthName, string What,
    Func<DateTimeOffset, CancellationToken, Task<SourceStep>> Step,
    Action Forget,
    Func<Exception, (DegradedReason Reason, string Detail, TimeSpan? RetryAfter)> Classify,
    Func<TimeSpan, bool, CancellationToken, Task>? Wait = null);

/// <summary>A step's outcome: whether the source answered completely (a partial read counts as a failure without backoff), and whether more work waits now.</summary>
internal readonly record struct SourceStep(bool Complete, bool MoreWaiting = false);
