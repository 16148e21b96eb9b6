using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Tests.Features.Incidents;

/// <summary>The timeline shows its entries in the order given, alert fields and names as text, notes through SafeMarkdown.</summary>
public sealed class IncidentTimelineTests : ComponentTest
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Entries_ShowAlertsChangesAndNotes_InOrder_WithHostileTextInert()
    {
        IReadOnlyList<TimelineEntry> entries =
        [
            new(T0, TimelineKind.Alert, "<img src=x onerror=alert(1)>", null, "web-01\u202E", 7, Severity.High),
            new(T0.AddMinutes(5), TimelineKind.Change, "Status: Open → In progress", "<b>bo</b>", null),
            new(T0.AddMinutes(9), TimelineKind.Note, "Note", "cy", "**contained** <script>alert(1)</script> [x](javascript:alert(1))"),
        ];

        var timeline = Render<IncidentTimeline>(p => p.Add(t => t.Entries, entries));

        var items = timeline.FindAll("li");
        Assert.Equal(["Alert", "Change", "Note"], items.Select(i => i.GetAttribute("data-kind")));
        Assert.Equal("2026-12-01 09:00:00 UTC", items[0].QuerySelector("time")!.TextContent);
        Assert.Contains("<img src=x onerror=alert(1)>", items[0].TextContent);
        Assert.Empty(timeline.FindAll("img"));
        Assert.Contains("web-01\uFFFD", items[0].TextContent);
        Assert.Contains("<b>bo</b>", items[1].TextContent);
        Assert.Equal("contained", items[2].QuerySelector(".safe-markdown strong")!.TextContent);
        Assert.Empty(timeline.FindAll("script"));
        Assert.DoesNotContain(timeline.FindAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void AnAuditEvent_ShowsItsSummaryAsText_WithoutRepeatingWhoAndWhere()
    {
        IReadOnlyList<TimelineEntry> entries =
        [
            new(T0, TimelineKind.AuditEvent, "mallory: added-user-account → <svg onload=alert(1)> (success) on dc-1", "mallory", "dc-1"),
        ];

        var timeline = Render<IncidentTimeline>(p => p.Add(t => t.Entries, entries));

        var item = timeline.Find("li");
        Assert.Equal("AuditEvent", item.GetAttribute("data-kind"));
        Assert.Equal("mallory: added-user-account → <svg onload=alert(1)> (success) on dc-1", item.QuerySelector(".timeline-title")!.TextContent);
        Assert.Empty(timeline.FindAll("svg"));
        Assert.Null(item.QuerySelector(".timeline-who"));
    }
}
