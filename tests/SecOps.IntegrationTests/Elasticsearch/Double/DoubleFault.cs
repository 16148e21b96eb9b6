using System.Collections.Concurrent;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

public enum DoubleFaultKind
{
    /// <summary>429 es_rejected_execution_exception with a Retry-After header.</summary>
    TooManyRequests,

    /// <summary>503 with an Elasticsearch error body.</summary>
    ServiceUnavailable,

    /// <summary>Holds the request for <see cref="DoubleFault.Delay"/> before answering it normally.</summary>
    Hang,

    /// <summary>200 with a truncated JSON body.</summary>
    MalformedBody,

    /// <summary>401 security_exception with WWW-Authenticate.</summary>
    Unauthorized,

    /// <summary>The search runs, and its answer reports one failed shard in <c>_shards.failures</c>.</summary>
    ShardFailure,
}

public sealed record DoubleFault(DoubleFaultKind Kind, TimeSpan Delay = default, int RetryAfterSeconds = 1)
{
    public static DoubleFault TooManyRequests(int retryAfterSeconds = 1) => new(DoubleFaultKind.TooManyRequests, RetryAfterSeconds: retryAfterSeconds);
    public static DoubleFault ServiceUnavailable() => new(DoubleFaultKind.ServiceUnavailable);
    public static DoubleFault Hang(TimeSpan delay) => new(DoubleFaultKind.Hang, delay);
    public static DoubleFault MalformedBody() => new(DoubleFaultKind.MalformedBody);
    public static DoubleFault Unauthorized() => new(DoubleFaultKind.Unauthorized);
    public static DoubleFault ShardFailure() => new(DoubleFaultKind.ShardFailure);
}

/// <summary>Faults for the next requests, in order; each entry applies to a number of requests.</summary>
public sealed class DoubleFaults
{
    private readonly ConcurrentQueue<DoubleFault> _queue = new();

    /// <summary>The next <paramref name="times"/> requests get <paramref name="fault"/> (after those already queued).</summary>
    public void Enqueue(DoubleFault fault, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _queue.Enqueue(fault);
        }
    }

    public void Clear() => _queue.Clear();

    public int Pending => _queue.Count;

    public bool TryTake(out DoubleFault? fault) => _queue.TryDequeue(out fault);
}

/// <summary>What the double saw: method, path and query, the Authorization header, when, and what it answered.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, DateTimeOffset At, int Status);
