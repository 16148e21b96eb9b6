using Plotly.Blazor.Traces;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Overview;

namespace SecOps.Tests.Features.Overview;

public sealed class AlertVolumeChartTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OneStackedBarPerSeverity_WithEveryHourPresentAndEmptyHoursZero()
    {
        var buckets = new List<OverviewQueries.HourBucket>
        {
            new(From.AddHours(1), Severity.High, 4),
            new(From.AddHours(3), Severity.High, 2),
            new(From.AddHours(3), Severity.Critical, 1),
        };

        var traces = AlertVolumeChart.Build(buckets, From, 4).Cast<Bar>().ToList();

        Assert.Equal(["low", "medium", "high", "critical"], traces.Select(t => t.Name));
        Assert.All(traces, t => Assert.Equal(4, t.X.Count));
        Assert.Equal(["2026-11-25 00:00", "2026-11-25 01:00", "2026-11-25 02:00", "2026-11-25 03:00"], traces[0].X.Cast<string>());
        Assert.Equal([0, 4, 0, 2], traces[2].Y.Cast<int>());
        Assert.Equal([0, 0, 0, 1], traces[3].Y.Cast<int>());
        Assert.Equal(AlertVolumeChart.Colours[Severity.Critical], traces[3].Marker.Color);
    }
}
