using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Incidents;

namespace SecOps.Tests.Features.Incidents;

/// <summary>The timeline panel's audit-event line: how many are shown of how many, and "Load earlier" only while there are earlier ones.</summary>
public sealed class IncidentTimelinePanelTests : ComponentTest
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void APartialPageOfAuditEvents_SaysShownOfAvailable_AndLoadEarlierAsksForTheNextPage_UntilTheLastPage()
    {
        IReadOnlyList<TimelineEntry> entries =
        [
            new(T0, TimelineKind.AuditEvent, "logged-in", "alice", "web-1"),
            new(T0.AddMinutes(1), TimelineKind.AuditEvent, "password-reset", "alice", "web-1"),
        ];
        var firstPage = new IncidentAuditEventsResult(entries, IncidentAuditEvents.FromStore, null) { Next = new AuditEventCursor(T0, 5), Available = 1202 };
        var asked = 0;
        Func<Task> loadEarlier = () =>
        {
            asked++;
            return Task.CompletedTask;
        };

        var panel = Render<IncidentTimelinePanel>(p => p.Add(x => x.IncidentId, 7L).Add(x => x.Entries, entries)
            .Add(x => x.AuditEvents, firstPage).Add(x => x.OnLoadEarlierAuditEvents, loadEarlier));
        Assert.Equal("Showing 2 of 1,202 audit events about the incident's users and hosts from the embedded store, newest first; earlier ones can be loaded.",
            panel.Find("[data-testid=timeline-audit-count]").TextContent);
        panel.Find("button.timeline-audit-earlier").Click();

        Assert.Equal(1, asked);
        panel.Render(p => p.Add(x => x.AuditEvents, firstPage with { Next = null, Available = 2 }));
        Assert.Empty(panel.FindAll("button.timeline-audit-earlier"));
        Assert.Equal("2 audit events about the incident's users and hosts from the embedded store.", panel.Find("[data-testid=timeline-audit-count]").TextContent);
    }
}
