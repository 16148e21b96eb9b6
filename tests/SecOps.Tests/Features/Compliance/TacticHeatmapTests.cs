using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Compliance;

namespace SecOps.Tests.Features.Compliance;

public sealed class TacticHeatmapTests : ComponentTest
{
    [Fact]
    public void Heatmap_IsATableWithADayColumnEachAndShadedCountCells_TacticNamesAsText()
    {
        var day = ComplianceMetrics.DayNumber(new DateOnly(2026, 3, 30));
        var snapshot = ComplianceTilesTests.Snapshot(new ComplianceFacts
        {
            ByTactic = [new KeyCount("Initial Access", 11), new KeyCount("<img src=x onerror=alert(1)>", 1)],
            TacticDays = [new TacticDayCount("Initial Access", day, 10), new TacticDayCount("Initial Access", day + 1, 1), new TacticDayCount("<img src=x onerror=alert(1)>", day, 1)],
        }, new ComplianceFacts());

        var map = Render<TacticHeatmap>(p => p.Add(h => h.Report, snapshot.Current));

        Assert.Equal(["Tactic", "03-29", "03-30", "03-31"], map.FindAll("thead th").Select(th => th.TextContent));
        var rows = map.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Initial Access", rows[0].QuerySelector("th")!.TextContent);
        Assert.Equal(["0", "10", "1"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal(["heat-0", "heat-5", "heat-1"], rows[0].QuerySelectorAll("td").Select(td => td.ClassName));
        Assert.Equal("<img src=x onerror=alert(1)>", rows[1].QuerySelector("th")!.TextContent);
        Assert.Empty(map.FindAll("img"));
    }

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(1, 10, 1)]
    [InlineData(2, 10, 1)]
    [InlineData(3, 10, 2)]
    [InlineData(10, 10, 5)]
    [InlineData(5, 0, 0)]
    public void Shade_IsTheFifthOfTheBusiestCell(long count, long max, int expected) =>
        Assert.Equal(expected, TacticHeatmap.Shade(count, max));
}
