using SecOps.Web.Features.Compliance;

namespace SecOps.Tests.Features.Compliance;

public sealed class DurationBucketsTests
{
    /// <summary>Every second up to a day, then a spread of random durations up to a year and a few far beyond.</summary>
    private static IEnumerable<long> Durations()
    {
        var random = new Random(7);
        return Enumerable.Range(0, 86_400).Select(s => (long)s)
            .Concat(Enumerable.Range(0, 100_000).Select(_ => random.NextInt64(1, 366L * 86_400)))
            .Concat([1L << 40, (1L << 41) + 12_345, long.MaxValue / 2]);
    }

    [Fact]
    public void ReadBack_BelowExactBelow_IsTheMeasuredSecond()
    {
        Assert.All(Enumerable.Range(0, (int)DurationBuckets.ExactBelow), s => Assert.Equal(s, DurationBuckets.ReadBack(s)));
    }

    [Fact]
    public void ReadBack_EveryDuration_IsWithinTheStatedRelativeError()
    {
        var worst = Durations().Where(s => s > 0).Max(s => Math.Abs(DurationBuckets.ReadBack(s) - s) / (double)s);

        Assert.True(worst <= DurationBuckets.MaxRelativeError, $"worst relative error {worst:P3}");
        Assert.True(DurationBuckets.MaxRelativeError <= 0.02);
        // The bound is tight enough to mean something: some duration comes close to it.
        Assert.True(worst > DurationBuckets.MaxRelativeError * 0.9, $"worst relative error {worst:P3}");
    }

    [Fact]
    public void Lower_IsTheBucketsLowerBound_AndABucketReadsBackInsideItself()
    {
        Assert.All(Durations(), s =>
        {
            var lower = DurationBuckets.Lower(s);
            Assert.True(lower <= s);
            Assert.Equal(lower, DurationBuckets.Lower(lower));
            Assert.Equal(lower, DurationBuckets.Lower(DurationBuckets.Representative(lower)));
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Stats_OfBucketedDurations_AreWithinTheBoundOfTheExactStats(int seed)
    {
        // Hand-made sets: a skewed mix of quick and slow handling, with many repeats, as a SOC's queue has.
        var random = new Random(seed);
        var exact = Enumerable.Range(0, 5_000).Select(_ => random.Next(10) < 7 ? random.NextInt64(30, 900) : random.NextInt64(900, 3 * 86_400)).ToList();
        var stats = DurationStats.Of(exact.Select(s => (s, 1L)));
        var bucketed = DurationStats.Of(exact.GroupBy(DurationBuckets.Lower).Select(g => (DurationBuckets.Representative(g.Key), (long)g.Count())));

        Assert.Equal(stats.Count, bucketed.Count);
        Assert.InRange(bucketed.Median!.Value.TotalSeconds, stats.Median!.Value.TotalSeconds * (1 - DurationBuckets.MaxRelativeError), stats.Median.Value.TotalSeconds * (1 + DurationBuckets.MaxRelativeError));
        Assert.InRange(bucketed.P90!.Value.TotalSeconds, stats.P90!.Value.TotalSeconds * (1 - DurationBuckets.MaxRelativeError), stats.P90.Value.TotalSeconds * (1 + DurationBuckets.MaxRelativeError));
    }

    [Fact]
    public void Stats_OfAHandMadeSet_MoveOnlyByTheBucketMiddles()
    {
        // 120 s reads back as 121 (bucket 120–121), 900 s as 904 (896–911), 1,200 s as 1,200 (1,184–1,215).
        var bucketed = DurationStats.Of(new long[] { 60, 120, 900, 1_200 }.GroupBy(DurationBuckets.Lower).Select(g => (DurationBuckets.Representative(g.Key), (long)g.Count())));

        Assert.Equal(new DurationStats(4, TimeSpan.FromSeconds((121 + 904) / 2.0), TimeSpan.FromSeconds(1_200)), bucketed);
    }
}
