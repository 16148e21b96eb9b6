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
        var outsider = new System.Collections.Concurrent.ConcurrentBag<long>();
        var member = new System.Collections.Concurrent.ConcurrentBag<long>();
        var showing = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var a = feed.Follow(As(Roles.Responder, "out"), _ => false, outsider.Add);
        using var b = feed.Follow(As(Roles.Responder, "in"), _ => false, member.Add);
        using var c = feed.Follow(As(Roles.Responder, "out"), id => id == 3, showing.Add);

        feed.Publish(Change(1, 1, restricted: false));
        feed.Publish(Change(2, 2, restricted: true, "in"));
        feed.Publish(Change(3, 3, restricted: true, "in"));
        feed.Publish(Change(4, 4, restricted: false));
        // Handed on from the thread pool (never inline, under the writer's lock): wait for what each should get.
        SpinWait.SpinUntil(() => outsider.Count >= 2 && member.Count >= 4 && showing.Count >= 3, TimeSpan.FromSeconds(30));

        Assert.Equal([1L, 4L], outsider.Order());
        Assert.Equal([1L, 2L, 3L, 4L], member.Order());
        // The page showing #3 hears that it changed (and re-reads it through IncidentAccess, finding nothing), never #2.
        Assert.Equal([1L, 3L, 4L], showing.Order());
    }
}
