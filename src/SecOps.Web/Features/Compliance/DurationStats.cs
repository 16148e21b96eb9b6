namespace SecOps.Web.Features.Compliance;

/// <summary>How many durations were measured, their median and 90th percentile (null when none were).</summary>
public sealed record DurationStats(long Count, TimeSpan? Median, TimeSpan? P90)
{
    public static readonly DurationStats Empty = new(0, null, null);

    /// <summary>
    /// Median and 90th percentile of whole-second durations, each given with how often it occurred (the store groups equal
    /// durations, so a million alerts are a few thousand rows). The median of an even count is the mean of the two middle
    /// values; the 90th percentile is the nearest rank (the value at rank ⌈0.9·n⌉), so it is always a measured duration.
    /// </summary>
    public static DurationStats Of(IEnumerable<(long Seconds, long Count)> durations)
    {
        var sorted = durations.Where(d => d.Count > 0).OrderBy(d => d.Seconds).ToList();
        var n = sorted.Sum(d => d.Count);
        if (n == 0)
        {
            return Empty;
        }
        // Ranks are 1-based; the median of an even count averages ranks n/2 and n/2+1.
        var lowMiddle = (n + 1) / 2;
        var highMiddle = (n / 2) + 1;
        var median = (At(sorted, lowMiddle) + At(sorted, highMiddle)) / 2.0;
        var p90 = At(sorted, (long)Math.Ceiling(0.9 * n));
        return new DurationStats(n, TimeSpan.FromSeconds(median), TimeSpan.FromSeconds(p90));
    }

    private static long At(List<(long Seconds, long Count)> sorted, long rank)
    {
        long seen = 0;
        foreach (var (seconds, count) in sorted)
        {
            seen += count;
            if (seen >= rank)
            {
                return seconds;
            }
        }
        return sorted[^1].Seconds;
    }
}
