using Bunit;
using Microsoft.Extensions.Options;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Regulatory;

namespace SecOps.Tests.Features.Regulatory;

/// <summary>The regulatory panel: a row per deadline with a browser-ticking countdown, a missed one flagged, sent ones with when, to whom and reference as text.</summary>
public sealed class RegulatoryPanelTests : ComponentTest
{
    private IncidentView Incident(DateTimeOffset aware, params NotificationView[] sent) =>
        new IncidentView(4, "Breach", "", Severity.Critical, IncidentStatus.InProgress, IncidentPhase.Containment, IncidentType.Intrusions, Tlp.Amber, Pap.Amber,
            null, null, Time.GetUtcNow().AddHours(-1), Time.GetUtcNow(), 3) { AwareAt = aware, PersonalData = true, Nis2 = true, Notifications = sent };

    private IRenderedComponent<RegulatoryPanel> Render(IncidentView incident, bool canWrite = false)
    {
        var clock = new RegulatoryClock(Options.Create(new RegulatoryOptions()), Time);
        return Render<RegulatoryPanel>(p => p.Add(c => c.Incident, incident).Add(c => c.Deadlines, clock.Evaluate(incident.RegulatoryFacts))
            .Add(c => c.Now, Time.GetUtcNow()).Add(c => c.CanWrite, canWrite));
    }

    [Fact]
    public void Rows_ShowEachDeadline_MissedFlagged_RunningTicking_AndSentOnesAsText()
    {
        var now = Time.GetUtcNow();
        var aware = now.AddHours(-30);
        var panel = Render(Incident(aware, new NotificationView(1, RegulatoryDuty.GdprAuthority, aware.AddHours(20), "<b>DPC</b>", "ref\u202E<script>", "bo", now)));

        var rows = panel.FindAll("tr.regulatory-row");
        Assert.Equal(["GdprAuthority:Met", "Nis2EarlyWarning:Missed", "Nis2Notification:Running", "Nis2FinalReport:Running"],
            rows.Select(r => r.GetAttribute("data-duty") + ":" + r.GetAttribute("data-state")));
        Assert.Contains("NIS2 early warning (24 h)", panel.Find(".regulatory-missed").TextContent);
        var missed = rows[1].QuerySelector("[data-sla-deadline]")!;
        Assert.Equal(("sla sla-breached", "-6h 00m", aware.AddHours(24).ToUnixTimeMilliseconds().ToString()), (missed.ClassName, missed.TextContent, missed.GetAttribute("data-sla-deadline")));
        Assert.Equal("Missed", rows[1].QuerySelector("[data-clock-state]")!.TextContent);
        var running = rows[2].QuerySelector("[data-sla-deadline]")!;
        Assert.Equal(("sla sla-running", "1d 18h"), (running.ClassName, running.TextContent));
        Assert.Equal("Met", rows[0].QuerySelector("[data-clock-state]")!.TextContent);
        Assert.Contains("to <b>DPC</b>", rows[0].TextContent);
        Assert.Contains("ref\uFFFD<script>", rows[0].TextContent);
        Assert.Empty(panel.FindAll("tr b, tr script"));
        Assert.Contains("(29 hours before the incident was opened)", panel.Find(".regulatory-aware").TextContent.Replace("\n", " "));
    }

    [Fact]
    public void Forms_AreForRespondersOnly_AndOfferOnlyTheDutiesThatApply()
    {
        Assert.Empty(Render(Incident(Time.GetUtcNow())).FindAll("form"));

        var panel = Render(Incident(Time.GetUtcNow()) with { PersonalData = false }, canWrite: true);

        Assert.Equal(2, panel.FindAll("form").Count);
        Assert.Equal(["Nis2EarlyWarning", "Nis2Notification", "Nis2FinalReport"], panel.FindAll("select[aria-label=Notification] option").Select(o => o.GetAttribute("value")));
    }
}
