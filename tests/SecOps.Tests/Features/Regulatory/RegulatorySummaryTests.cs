using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Regulatory;

namespace SecOps.Tests.Features.Regulatory;

/// <summary>The incident list's regulatory cell: a missed deadline first, else the next open one ticking, else whether all were sent in time.</summary>
public sealed class RegulatorySummaryTests : ComponentTest
{
    private IRenderedComponent<RegulatorySummary> Render(DateTimeOffset aware, bool personalData, bool nis2, params NotificationView[] sent) =>
        Render<RegulatorySummary>(p => p.Add(c => c.Deadlines, RegulatoryDeadlines.Evaluate(new RegulatoryFacts(aware, personalData, nis2, sent), Time.GetUtcNow(), 0.25))
            .Add(c => c.Now, Time.GetUtcNow()));

    private NotificationView Sent(RegulatoryDuty duty, DateTimeOffset at) => new(1, duty, at, "CSIRT", null, "rita", Time.GetUtcNow());

    [Fact]
    public void NoRegimeApplies_ShowsADash()
    {
        Assert.Equal("—", Render(Time.GetUtcNow(), false, false).Find(".regulatory-none").TextContent);
    }

    [Fact]
    public void TheNextOpenDeadline_TicksInTheBrowser_WithItsDuty()
    {
        var aware = Time.GetUtcNow().AddHours(-2);

        var cell = Render(aware, personalData: true, nis2: true);

        var clock = cell.Find("[data-regulatory=running] [data-sla-deadline]");
        Assert.Equal(("sla sla-running", "22h 00m", aware.AddHours(24).ToUnixTimeMilliseconds().ToString()), (clock.ClassName, clock.TextContent, clock.GetAttribute("data-sla-deadline")));
        Assert.Contains("NIS2 warning", cell.Find("[data-regulatory=running]").TextContent);
        Assert.Contains("NIS2 early warning (24 h) due", clock.GetAttribute("title"));
    }

    [Fact]
    public void AMissedDeadline_ComesFirst_EvenWithOthersStillOpen()
    {
        var aware = Time.GetUtcNow().AddHours(-30);

        var cell = Render(aware, personalData: true, nis2: true, Sent(RegulatoryDuty.GdprAuthority, aware.AddHours(10)));

        var missed = cell.Find("[data-regulatory=missed]");
        Assert.Equal(("sla sla-breached", "missed · NIS2 warning"), (missed.ClassName, missed.TextContent));
        Assert.Empty(cell.FindAll("[data-regulatory=running]"));
    }

    [Fact]
    public void EverythingSent_SaysNotified_OrSentLateWhenOneCameAfterItsDeadline()
    {
        var aware = Time.GetUtcNow().AddHours(-100);

        var inTime = Render(aware, personalData: true, nis2: false, Sent(RegulatoryDuty.GdprAuthority, aware.AddHours(70)));
        var late = Render(aware, personalData: true, nis2: false, Sent(RegulatoryDuty.GdprAuthority, aware.AddHours(80)));

        Assert.Equal(("sla sla-met", "notified"), (inTime.Find("[data-regulatory=met]").ClassName, inTime.Find("[data-regulatory=met]").TextContent));
        Assert.Equal(("sla sla-breached", "sent late"), (late.Find("[data-regulatory=late]").ClassName, late.Find("[data-regulatory=late]").TextContent));
    }
}
