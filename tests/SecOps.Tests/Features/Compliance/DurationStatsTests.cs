using SecOps.Web.Features.Compliance;

namespace SecOps.Tests.Features.Compliance;

public sealed class DurationStatsTests
{
    private static DurationStats Of(params long[] seconds) => DurationStats.Of(seconds.Select(s => (s, 1L)));

    [Fact]
    public void Of_OddCount_MedianIsTheMiddleValue_P90IsTheNearestRank()
    {
        // Sorted: 10 20 30 40 50; median rank 3 = 30; p90 rank ceil(4.5) = 5 = 50.
        var stats = Of(50, 10, 40, 20, 30);

        Assert.Equal(5, stats.Count);
        Assert.Equal(TimeSpan.FromSeconds(30), stats.Median);
        Assert.Equal(TimeSpan.FromSeconds(50), stats.P90);
    }

    [Fact]
    public void Of_EvenCount_MedianIsTheMeanOfTheTwoMiddleValues()
    {
        // Sorted: 60 120 180 600; median (120+180)/2 = 150; p90 rank ceil(3.6) = 4 = 600.
        var stats = Of(600, 60, 180, 120);

        Assert.Equal(TimeSpan.FromSeconds(150), stats.Median);
        Assert.Equal(TimeSpan.FromSeconds(600), stats.P90);
    }

    [Fact]
    public void Of_TenValues_P90IsTheNinth()
    {
        // 1..10: median (5+6)/2 = 5.5; p90 rank ceil(9) = 9.
        var stats = Of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

        Assert.Equal(TimeSpan.FromSeconds(5.5), stats.Median);
        Assert.Equal(TimeSpan.FromSeconds(9), stats.P90);
    }

    [Fact]
    public void Of_GroupedCounts_EqualTheSameValuesListedOneByOne()
    {
        var grouped = DurationStats.Of([(10L, 3L), (100L, 1L), (5L, 2L)]);
        var listed = Of(10, 10, 10, 100, 5, 5);

        Assert.Equal(listed, grouped);
        // Sorted 5 5 10 10 10 100: median (10+10)/2; p90 rank ceil(5.4) = 6 = 100.
        Assert.Equal(TimeSpan.FromSeconds(10), grouped.Median);
        Assert.Equal(TimeSpan.FromSeconds(100), grouped.P90);
    }

    [Fact]
    public void Of_Nothing_IsEmptyWithoutFigures()
    {
        Assert.Equal(DurationStats.Empty, DurationStats.Of([]));
        Assert.Equal(DurationStats.Empty, DurationStats.Of([(42L, 0L)]));
        Assert.Null(DurationStats.Empty.Median);
    }

    [Fact]
    public void Of_OneValue_IsBothMedianAndP90()
    {
        var stats = Of(7);

        Assert.Equal(TimeSpan.FromSeconds(7), stats.Median);
        Assert.Equal(TimeSpan.FromSeconds(7), stats.P90);
    }
}
