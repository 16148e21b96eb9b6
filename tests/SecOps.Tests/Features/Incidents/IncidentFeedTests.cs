using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;

namespace SecOps.Tests.Features.Incidents;

/// <summary>Incident screens follow the change feed with need-to-know: only incidents their viewer may see, or the one they show.</summary>
public sealed class IncidentFeedTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static Actor As(string role, string id) => new(id, id + "@example.test", PermissionTable.ForRole(role).ToHashSet());

    private static IncidentFeedChange Change(long seq, long id, bool restricted, params string[] members) =>
        new(seq, new IncidentView(id, "t", "", Severity.High, IncidentStatus.Open, IncidentPhase.DetectionAndAnalysis, IncidentType.MaliciousCode, Tlp.Amber, Pap.Amber,
            null, null, T0, T0, 1), new IncidentAudience(restricted, members.ToHashSet()));

    [Fact]
    public void Follow_HandsOnChangesTheViewerMaySee_AndOnlyThoseOfRestrictedIncidentsTheyAreNamedOnOrShowNow()
    {
        var feed = new LiveFeed();
        var outsider = new List<long>();
        var member = new List<long>();
        var showing = new List<long>();
        using var a = feed.Follow(As(Roles.Responder, "out"), _ => false, outsider.Add);
        using var b = feed.Follow(As(Roles.Responder, "in"), _ => false, member.Add);
        using var c = feed.Follow(As(Roles.Responder, "out"), id => id == 3, showing.Add);

        feed.Publish(Change(1, 1, restricted: false));
        feed.Publish(Change(2, 2, restricted: true, "in"));
        feed.Publish(Change(3, 3, restricted: true, "in"));

        Assert.Equal([1L], outsider);
        Assert.Equal([1L, 2L, 3L], member);
        // The page showing #3 hears that it changed (and re-reads it through IncidentAccess, finding nothing), never #2.
        Assert.Equal([1L, 3L], showing);
    }
}
