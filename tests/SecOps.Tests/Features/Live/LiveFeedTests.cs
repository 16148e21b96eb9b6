using SecOps.Tests.Support;
using SecOps.Web.Features.Live;

namespace SecOps.Tests.Features.Live;

public sealed class LiveFeedTests
{
    private static FeedChange Change(long seq) => new(seq, ChangeKind.AlertCreated, Alerts.View(seq));

    [Fact]
    public void Publish_DeliversToEverySubscriberInOrderAndMovesTheHead()
    {
        var feed = new LiveFeed();
        var first = new List<long>();
        var second = new List<long>();
        using var a = feed.Subscribe(changes => first.AddRange(changes.Select(c => c.Seq)));
        using var b = feed.Subscribe(changes => second.AddRange(changes.Select(c => c.Seq)));

        feed.Publish([Change(1), Change(2)]);
        feed.Publish([Change(3)]);

        Assert.Equal([1, 2, 3], first);
        Assert.Equal([1, 2, 3], second);
        Assert.Equal(3, feed.Head);
    }

    [Fact]
    public void DisposedSubscription_ReceivesNothingMore()
    {
        var feed = new LiveFeed();
        var seen = new List<long>();
        var subscription = feed.Subscribe(changes => seen.AddRange(changes.Select(c => c.Seq)));

        feed.Publish([Change(1)]);
        subscription.Dispose();
        subscription.Dispose();
        feed.Publish([Change(2)]);

        Assert.Equal([1], seen);
    }
}
