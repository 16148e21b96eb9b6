using Microsoft.Extensions.Logging;
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

    [Fact]
    public void Publish_WhenASubscriberThrows_LogsItAndStillServesTheOthers()
    {
        var logger = new AwaitableLog<LiveFeed>();
        var feed = new LiveFeed(logger);
        var before = new List<long>();
        var after = new List<long>();
        var notices = new List<long>();
        using var a = feed.Subscribe(changes => before.AddRange(changes.Select(c => c.Seq)));
        using var broken = feed.Subscribe(_ => throw new InvalidOperationException("broken screen"));
        using var b = feed.Subscribe(changes => after.AddRange(changes.Select(c => c.Seq)));
        using var brokenBulk = feed.SubscribeBulk(_ => throw new InvalidOperationException("broken bulk screen"));
        using var c = feed.SubscribeBulk(notice => notices.Add(notice.SeqTo));

        feed.Publish([Change(1)]);
        feed.Publish(new BulkNotice(2, 60, 59, nameof(ChangeKind.AlertTriaged)));
        feed.Publish([Change(61)]);

        Assert.Equal([1, 61], before);
        Assert.Equal([1, 61], after);
        Assert.Equal([60], notices);
        Assert.Equal(61, feed.Head);
        Assert.Equal(["broken screen", "broken bulk screen", "broken screen"], logger.Entries.Select(e => e.Exception!.Message));
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Error, e.Level));
    }
}
