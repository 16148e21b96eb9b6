using Plotly.Blazor.Traces;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;

namespace SecOps.Tests.Features.Compliance;

public sealed class ComplianceChartsTests
{
    private static readonly long Day = ComplianceMetrics.DayNumber(new DateOnly(2026, 3, 30));

    [Fact]
    public void VolumeBySeverity_IsOneBarTracePerSeverity_WithEveryDayOfThePeriod()
    {
        var report = ComplianceTilesTests.Snapshot(new ComplianceFacts
        {
            Days = [new DaySeverityCount(Day, Severity.Critical, 2), new DaySeverityCount(Day + 1, Severity.Low, 5)],
        }, new ComplianceFacts()).Current;

        var traces = ComplianceCharts.VolumeBySeverity(report).Cast<Bar>().ToList();

        Assert.Equal(["low", "medium", "high", "critical"], traces.Select(t => t.Name));
        Assert.All(traces, t => Assert.Equal(["2026-03-29", "2026-03-30", "2026-03-31"], t.X!.Cast<string>()));
        Assert.Equal([0L, 2L, 0L], traces[3].Y!.Cast<long>());
        Assert.Equal([0L, 0L, 5L], traces[0].Y!.Cast<long>());
    }

    [Fact]
    public void Trend_IsTheDailyMedianAndP90InMinutes_EmptyDaysAsGaps()
    {
        var report = ComplianceTilesTests.Snapshot(new ComplianceFacts
        {
            Days = [new DaySeverityCount(Day, Severity.High, 3)],
            Acknowledge = [new DurationCount(Severity.High, Day, 60, 2), new DurationCount(Severity.High, Day, 600, 1)],
        }, new ComplianceFacts()).Current;

        var traces = ComplianceCharts.Trend(report).Cast<Scatter>().ToList();

        Assert.Equal(["MTTA median", "MTTA p90"], traces.Select(t => t.Name));
        Assert.Equal([null, 1.0, null], traces[0].Y!.Cast<double?>());
        Assert.Equal([null, 10.0, null], traces[1].Y!.Cast<double?>());
    }

    [Fact]
    public void Layout_UsesGridGreysThatReadOnBothThemes()
    {
        var layout = ComplianceCharts.Layout(stacked: true, "alerts");

        Assert.Equal("rgba(122,134,153,0.25)", layout.XAxis![0].GridColor);
        Assert.Equal("rgba(122,134,153,0.25)", layout.YAxis![0].GridColor);
        Assert.Equal(Plotly.Blazor.LayoutLib.BarModeEnum.Stack, layout.BarMode);
    }
}
