namespace SecOps.Benchmarks;

/// <summary>Nearest-rank percentiles over a set of samples (milliseconds).</summary>
public sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> samples)
    {
        _sorted = [.. samples.Order()];
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("At least one sample is needed.", nameof(samples));
        }
    }

    public int Count => _sorted.Length;

    public double Max => _sorted[^1];

    public double Min => _sorted[0];

    /// <summary>The smallest sample with at least <paramref name="percent"/>% of samples at or below it.</summary>
    public double At(double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    /// <summary>The figures the latency targets name: p50, p95, p99 and max.</summary>
    public string Tail() =>
        $"n={Count}  p50={At(50):F1}  p95={At(95):F1}  p99={At(99):F1}  max={Max:F1} ms";

    public override string ToString() =>
        $"n={Count}  p50={At(50):F1}  p90={At(90):F1}  p99={At(99):F1}  max={Max:F1} ms";
}
