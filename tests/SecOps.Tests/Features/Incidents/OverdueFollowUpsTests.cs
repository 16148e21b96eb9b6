using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Incidents;

namespace SecOps.Tests.Features.Incidents;

public sealed class OverdueFollowUpsTests : ComponentTest
{
    [Fact]
    public void TheMarker_TurnsOnByItself_WhenEachFollowUpFallsDue_WhileTheListIsOpen()
    {
        var now = Time.GetUtcNow();
        var cut = Render<OverdueFollowUps>(p => p.Add(c => c.DueTimes, [now.AddDays(-1), now.AddHours(1), now.AddDays(10)]));
        Assert.Equal("1 overdue", cut.Find(".overdue-chip").TextContent);

        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("1 overdue", cut.Find(".overdue-chip").TextContent);

        Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(1));
        cut.WaitForAssertion(() => Assert.Equal("2 overdue", cut.Find(".overdue-chip").TextContent));

        // Ten days out is past the longest timer: it is looked at again after a week and set for the rest.
        Time.Advance(TimeSpan.FromDays(10));
        cut.WaitForAssertion(() => Assert.Equal("3 overdue", cut.Find(".overdue-chip").TextContent));
    }

    [Fact]
    public void NoFollowUpPastDue_ShowsNothing()
    {
        var now = Time.GetUtcNow();
        var cut = Render<OverdueFollowUps>(p => p.Add(c => c.DueTimes, [now.AddHours(2)]));

        Assert.Empty(cut.FindAll(".overdue-chip"));
        Assert.Equal("", cut.Markup.Trim());
    }
}
