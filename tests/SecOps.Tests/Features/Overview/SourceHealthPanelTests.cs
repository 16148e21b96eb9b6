using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Overview;

namespace SecOps.Tests.Features.Overview;

public sealed class SourceHealthPanelTests : ComponentTest
{
    [Fact]
    public void WithoutAnElasticsearchSource_SaysAlertsComeFromTheEmbeddedIngest()
    {
        var panel = Render<SourceHealthPanel>(p => p.Add(s => s.DemoOn, true));

        Assert.Contains("the ingest API and the demo stream", panel.Markup);
        Assert.Empty(panel.FindAll(".source-row"));
    }

    [Fact]
    public void DegradedSource_ShowsItsReasonAndLag_AndAConnectedOneShowsItsLag()
    {
        var health = new SourceHealth(Time);
        Services.AddSingleton(health);
        health.Succeeded("elasticsearch:ElasticSecurity:alerts", Time.GetUtcNow());
        health.Succeeded("elasticsearch:ElasticSecurity:alerts:status", Time.GetUtcNow());
        Time.Advance(TimeSpan.FromSeconds(42));
        health.Degraded("elasticsearch:ElasticSecurity:alerts", DegradedReason.Throttled, "429 <b>Too Many Requests</b>");

        var rows = Render<SourceHealthPanel>().FindAll(".source-row");

        Assert.Equal(2, rows.Count);
        Assert.Equal("degraded: throttled", rows[0].QuerySelector(".source-state")!.TextContent);
        Assert.Equal("lag 42s", rows[0].QuerySelector(".source-lag")!.TextContent);
        Assert.Equal("429 <b>Too Many Requests</b>", rows[0].QuerySelector(".source-detail")!.TextContent);
        Assert.Equal("connected", rows[1].QuerySelector(".source-state")!.TextContent);
    }
}
