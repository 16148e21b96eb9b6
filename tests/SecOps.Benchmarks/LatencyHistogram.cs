namespace SecOps.Benchmarks;

/// <summary>
/// Latencies counted in 0.1 ms buckets up to a minute, recorded from many threads without locks: fan-out produces
/// hundreds of thousands of samples a second, too many to keep one by one as <see cref="Percentiles"/> does.
/// </summary>
public sealed class LatencyHistogram
{
    private const double BucketMs = 0.1;
    private readonly long[] _buckets = new long[600_001];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double milliseconds)
    {
        var bucket = (int)Math.Clamp(milliseconds / BucketMs, 0, _buckets.Length - 1);
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The upper edge of the bucket holding the sample of nearest rank <paramref name="percent"/>%.</summary>
    public double At(double percent)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(percent / 100 * Count));
        var seen = 0L;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return (i + 1) * BucketMs;
            }
        }
        return double.NaN;
    }

    public string Tail() =>
        Count == 0 ? "n=0" : $"n={Count:N0}  p50={At(50):F1}  p95={At(95):F1}  p99={At(99):F1}  max={At(100):F1} ms";
}
