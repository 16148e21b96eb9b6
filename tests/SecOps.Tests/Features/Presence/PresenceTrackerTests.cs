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
}
