using SecOps.Web.Features.Compliance;

namespace SecOps.Tests.Features.Compliance;

public sealed class MetricPeriodTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 29, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void LastDays_StartsAtMidnightUtcOfTheFirstDayAndEndsNow()
    {
        var period = MetricPeriod.LastDays(Now, 7);

        Assert.Equal(new DateTimeOffset(2026, 3, 23, 0, 0, 0, TimeSpan.Zero), period.From);
        Assert.Equal(Now, period.To);
        Assert.Equal(7, period.Days().Count);
        Assert.Equal(new DateOnly(2026, 3, 29), period.Days()[^1]);
    }

    [Fact]
    public void Previous_IsTheSameLengthJustBefore()
    {
        var period = new MetricPeriod(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 17, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new MetricPeriod(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), period.From), period.Previous);
    }

    [Fact]
    public void Contains_IsHalfOpen()
    {
        var period = new MetricPeriod(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero));

        Assert.True(period.Contains(period.From));
        Assert.False(period.Contains(period.To));
        Assert.True(period.Contains(period.To.AddTicks(-1)));
        Assert.Equal([new DateOnly(2026, 3, 10)], period.Days());
    }

    [Fact]
    public void Range_ParsesDaysOrDatesAndFallsBackToTheDefault()
    {
        Assert.Equal(new ComplianceRange(30, null, null), ComplianceRange.Parse("30", null, null));
        var dates = ComplianceRange.Parse(null, "2026-03-01", "2026-03-07");
        Assert.Equal(new MetricPeriod(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero)), dates.Resolve(Now));
        Assert.Equal(ComplianceRange.Default, ComplianceRange.Parse("0", null, null));
        Assert.Equal(ComplianceRange.Default, ComplianceRange.Parse(null, "2026-03-07", "2026-03-01"));
        Assert.Equal(ComplianceRange.Default, ComplianceRange.Parse(null, "2020-01-01", "2026-03-01"));
        Assert.Equal(ComplianceRange.Default, ComplianceRange.Parse("-3", "x", "y"));
    }
}
