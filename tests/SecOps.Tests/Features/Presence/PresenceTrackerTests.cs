using SecOps.Web.Features.Presence;

namespace SecOps.Tests.Features.Presence;

public sealed class PresenceTrackerTests
{
    [Fact]
    public void Viewers_AreListedOnceEach_WithoutTheCallersOwnView_AndLeaveWhenDisposed()
    {
        var tracker = new PresenceTracker();
        var changes = new List<long>();
        using var subscription = tracker.Subscribe(changes.Add);

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
}
