using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using SecOps.Web.Features.Live;

namespace SecOps.Tests.Features.Live;

public sealed class FrameCoalescerTests
{
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition());
    }

    [Fact]
    public async Task FirstItemAfterQuiet_GoesOutAtOnce_LaterItemsWaitForTheIntervalAndArriveTogether()
    {
        var time = new FakeTimeProvider();
        var frames = new ConcurrentQueue<int[]>();
        await using var coalescer = new FrameCoalescer<int>(TimeSpan.FromMilliseconds(50), f => { frames.Enqueue(f.ToArray()); return Task.CompletedTask; }, time);

        coalescer.Add(1);
        await WaitUntil(() => frames.Count == 1);

        coalescer.Add(2);
        coalescer.Add(3);
        await Task.Delay(50);
        Assert.Single(frames);

        time.Advance(TimeSpan.FromMilliseconds(50));
        await WaitUntil(() => frames.Count == 2);

        Assert.Equal([[1], [2, 3]], frames.ToArray());
    }

    [Fact]
    public async Task FailingReceiver_DoesNotStopLaterFrames()
    {
        var time = new FakeTimeProvider();
        var delivered = new ConcurrentQueue<int>();
        await using var coalescer = new FrameCoalescer<int>(TimeSpan.FromMilliseconds(10), f =>
        {
            if (f[0] == 1)
            {
                throw new InvalidOperationException("receiver gone");
            }
            foreach (var i in f)
            {
                delivered.Enqueue(i);
            }
            return Task.CompletedTask;
        }, time);

        coalescer.Add(1);
        await Task.Delay(20);
        time.Advance(TimeSpan.FromMilliseconds(10));
        coalescer.Add(2);
        await WaitUntil(() => delivered.Contains(2));
    }
}
