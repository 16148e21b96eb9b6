using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class NewAlertsMarkerTests : ComponentTest
{
    [Fact]
    public void NoNewAlerts_RendersNothing()
    {
        var marker = Render<NewAlertsMarker>(p => p.Add(m => m.Count, 0));
        Assert.Empty(marker.FindAll("button"));
    }

    [Theory]
    [InlineData(1, "1 new alert · show")]
    [InlineData(12, "12 new alerts · show")]
    public void NewAlerts_AreCountedInTheMarker(int count, string text)
    {
        var marker = Render<NewAlertsMarker>(p => p.Add(m => m.Count, count));
        Assert.Equal(text, marker.Find("button.new-alerts-marker").TextContent.Trim());
    }

    [Fact]
    public void ClickingTheMarker_AsksToShowTheNewAlerts()
    {
        var shown = 0;
        var marker = Render<NewAlertsMarker>(p => p.Add(m => m.Count, 3).Add(m => m.OnShow, () => shown++));

        marker.Find("button").Click();

        Assert.Equal(1, shown);
    }
}
