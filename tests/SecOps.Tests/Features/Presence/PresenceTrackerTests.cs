using SecOps.Web.Features.Presence;

namespace SecOps.Tests.Features.Presence;

public sealed class PresenceTrackerTests
{
    [Fact]
    public void Viewers_AreListedOnceEach_WithoutTheCallersOwnView_AndLeaveWhenDisposed()
    {
        var tracker = new PresenceTracker();
        var changes = new List<long>();
        using var subscription = tracker.Subscribe(s => changes.Add(s.Id));

        var mine = tracker.Enter(7, "ana");
        var bob = tracker.Enter(7, "bob");
        using var bobAgain = tracker.Enter(7, "bob");
        using var elsewhere = tracker.Enter(8, "cy");

        Assert.Equal(["ana", "bob"], tracker.Viewers(7));
        Assert.Equal(["bob"], tracker.Viewers(7, mine));
        bob.Dispose();
        bob.Dispose();
        Assert.Equal(["bob"], tracker.Viewers(7, mine));
        mine.Dispose();
        Assert.Equal(["bob"], tracker.Viewers(7));
        Assert.Equal(["cy"], tracker.Viewers(8));
        Assert.Empty(tracker.Viewers(9));
        Assert.Equal([7, 7, 7, 8, 7, 7], changes);
    }

    [Fact]
    public void OnAnIncident_SomeoneEditingShowsAsEditing_UntilTheyStop_AndAlertsAreApart()
    {
        var tracker = new PresenceTracker();
        var changes = new List<PresenceSubject>();
        using var subscription = tracker.Subscribe(changes.Add);
        var incident = PresenceSubject.Incident(7);

        using var mine = tracker.Enter(incident, "ana");
        using var bobReading = tracker.Enter(incident, "bob");
        using var bobWriting = tracker.Enter(incident, "bob");
        using var onTheAlert = tracker.Enter(7, "cy");
        bobWriting.SetEditing(true);
        bobWriting.SetEditing(true);

        Assert.Equal([new PresentPerson("bob", true)], tracker.Present(incident, mine));
        Assert.Equal(["cy"], tracker.Viewers(7));
        bobWriting.SetEditing(false);
        Assert.Equal([new PresentPerson("ana", false), new PresentPerson("bob", false)], tracker.Present(incident));
        bobWriting.Dispose();
        bobWriting.SetEditing(true);
        Assert.Equal([new PresentPerson("bob", false)], tracker.Present(incident, mine));
        // Entering three times, one alert entry, editing on, editing off, leaving: the repeated "editing on" and the edit after leaving say nothing.
        Assert.Equal([incident, incident, incident, PresenceSubject.Alert(7), incident, incident, incident], changes);
    }

    [Fact]
    public void OtherInstancesReports_MergeWithLocalViews_ReplaceTheirLastOne_AndExpireUnlessRenewed()
    {
        var tracker = new PresenceTracker();
        var changes = new List<PresenceSubject>();
        var localChanges = new List<PresenceSubject>();
        using var subscription = tracker.Subscribe(changes.Add);
        using var localSubscription = tracker.SubscribeLocal(localChanges.Add);
        var incident = PresenceSubject.Incident(7);
        var now = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        using var mine = tracker.Enter(incident, "ana");

        tracker.ApplyRemote("b", incident, [new PresentPerson("bob", false), new PresentPerson("ana", true)], now.AddSeconds(30));
        tracker.ApplyRemote("b", incident, [new PresentPerson("bob", false), new PresentPerson("ana", true)], now.AddSeconds(40));
        tracker.ApplyRemote("c", incident, [new PresentPerson("cy", false)], now.AddSeconds(10));

        // Ana on another instance is editing: merged with her view here, one name, editing.
        Assert.Equal([new PresentPerson("ana", true), new PresentPerson("bob", false), new PresentPerson("cy", false)], tracker.Present(incident));
        // Leaving out my own view here still shows Ana's view on the other instance.
        Assert.Equal([new PresentPerson("ana", true), new PresentPerson("bob", false), new PresentPerson("cy", false)], tracker.Present(incident, mine));
        Assert.Equal([new PresentPerson("ana", false)], tracker.Local(incident));
        Assert.Equal([incident], tracker.LocalSubjects());

        tracker.ExpireRemote(now.AddSeconds(10));
        Assert.Equal(["ana", "bob"], tracker.Present(incident).Select(p => p.Name));
        tracker.ApplyRemote("b", incident, [], now.AddSeconds(50));
        Assert.Equal([new PresentPerson("ana", false)], tracker.Present(incident));

        // Entering, two reports of b (the repeat changes nothing), c's report, c expired, b's empty report; only the entry is local.
        Assert.Equal([incident, incident, incident, incident, incident], changes);
        Assert.Equal([incident], localChanges);
    }
}
