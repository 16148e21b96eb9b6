using Bunit;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Sla;

namespace SecOps.Tests.Features.Compliance;

public sealed class ComplianceTilesTests : ComponentTest
{
    internal static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    internal static ComplianceQueries.Snapshot Snapshot(ComplianceFacts current, ComplianceFacts previous)
    {
        var engine = new ComplianceMetrics(Options.Create(new SlaOptions()), Options.Create(new ComplianceOptions()), new FakeTimeProvider(Now));
        var period = MetricPeriod.LastDays(Now, 3);
        return new ComplianceQueries.Snapshot(engine.Compute(period, current, Now), engine.Compute(period.Previous, previous, Now));
    }

    [Fact]
    public void Tiles_ShowMediansP90RatesAndBacklog_WithThePreviousPeriodBeside()
    {
        var day = ComplianceMetrics.DayNumber(new DateOnly(2026, 3, 30));
        var snapshot = Snapshot(
            new ComplianceFacts
            {
                Acknowledge = [new(Severity.High, day, 120, 3), new(Severity.High, day, 4000, 1)],
                Rules = [new RuleCounts("r", "Rule", 10, 8, 2, 0)],
                Backlog = [new BacklogCount(Severity.Low, 0, 5), new BacklogCount(Severity.Low, 4, 2)],
            },
            new ComplianceFacts { Acknowledge = [new(Severity.High, day - 3, 240, 1)], Rules = [new RuleCounts("r", "Rule", 4, 4, 2, 0)] });

        var tiles = Render<ComplianceTiles>(p => p.Add(t => t.Snapshot, snapshot));

        var mtta = tiles.Find("[data-tile=mtta]");
        Assert.Equal("2m 00s", mtta.QuerySelector(".metric-tile-value")!.TextContent);
        Assert.Contains("p90 1h 06m", mtta.QuerySelector(".metric-tile-detail")!.TextContent);
        Assert.Equal("Previous period: 4m 00s (down 50%)", mtta.QuerySelector(".metric-tile-change")!.TextContent);
        var fp = tiles.Find("[data-tile=fp]");
        Assert.Equal("25%", fp.QuerySelector(".metric-tile-value")!.TextContent);
        Assert.Equal("Previous period: 50% (down 50%)", fp.QuerySelector(".metric-tile-change")!.TextContent);
        Assert.Equal("7", tiles.Find("[data-tile=backlog] .metric-tile-value").TextContent);
        Assert.Contains("2 older than 24 h", tiles.Find("[data-tile=backlog] .metric-tile-detail").TextContent);
        // 3 of 4 acknowledged within the high target of 1 h: 75%, under 90% so the tile is emphasised.
        Assert.Equal("75%", tiles.Find("[data-tile=sla] .metric-tile-value").TextContent);
        Assert.Contains("metric-tile-emphasis", tiles.Find("[data-tile=sla]").ClassName);
        Assert.Equal("–", tiles.Find("[data-tile=mttr] .metric-tile-value").TextContent);
    }
}
