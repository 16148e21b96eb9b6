using Microsoft.Extensions.Logging;
using SecOps.Tests.Support;
using SecOps.Web.Features.Live;

namespace SecOps.Tests.Features.Live;

public sealed class FrameCoalescerTests
{
    private readonly TimerSignallingTime _time = new();
    private readonly AwaitableLog<FrameCoalescerTests> _log = new();

    /// <summary>Frames as the receiver got them; <see cref="FrameAsync"/> completes when the n-th (1-based) arrives.</summary>
    private sealed class Receiver
    {
        private readonly List<int[]> _frames = [];
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

        public Func<int[], Task> Before { get; set; } = _ => Task.CompletedTask;

        public int[][] Frames
        {
            get
            {
                lock (_frames)
                {
                    return [.. _frames];
                }
            }
        }

        public async Task OnFrame(IReadOnlyList<int> frame)
        {
            await Before([.. frame]);
            lock (_frames)
            {
                _frames.Add([.. frame]);
                foreach (var waiter in _waiters.Where(w => _frames.Count >= w.Count).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        public Task FrameAsync(int count)
        {
            lock (_frames)
            {
                if (_frames.Count >= count)
                {
                    return Task.CompletedTask;
                }
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
        }
    }

    [Fact]
    public async Task FirstItemAfterQuiet_GoesOutAtOnce_LaterItemsWaitForTheIntervalAndArriveTogether()
    {
        var receiver = new Receiver();
        await using var coalescer = new FrameCoalescer<int>(TimeSpan.FromMilliseconds(50), receiver.OnFrame, _time, _log);

        coalescer.Add(1);
        await receiver.FrameAsync(1);

        var waiting = _time.NextTimer;
        coalescer.Add(2);
        coalescer.Add(3);
        await waiting;
        // The coalescer now waits on the clock, which has not moved: nothing more can have gone out.
        Assert.Single(receiver.Frames);

        _time.Advance(TimeSpan.FromMilliseconds(50));
        await receiver.FrameAsync(2);

        Assert.Equal([[1], [2, 3]], receiver.Frames);
    }

    [Fact]
    public async Task FailingReceiver_IsLoggedWithItsException_AndDoesNotStopLaterFrames()
    {
        var receiver = new Receiver { Before = f => f[0] == 1 ? throw new InvalidOperationException("receiver gone") : Task.CompletedTask };
        await using var coalescer = new FrameCoalescer<int>(TimeSpan.FromMilliseconds(10), receiver.OnFrame, _time, _log);

        coalescer.Add(1);
        var error = await _log.WaitForAsync(e => e.Level == LogLevel.Error);
        Assert.Equal("receiver gone", error.Exception?.Message);
        Assert.Contains("1 items", error.Message);

        _time.Advance(TimeSpan.FromMilliseconds(10));
        coalescer.Add(2);
        await receiver.FrameAsync(1);

        Assert.Equal([[2]], receiver.Frames);
    }

    [Fact]
    public async Task BufferOverItsCapacity_DropsTheOldestItems_AndLogsHowMany()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = new Receiver
        {
            Before = f =>
            {
                if (f[0] != 0)
                {
                    return Task.CompletedTask;
                }
                busy.TrySetResult();
                return release.Task;
            },
        };
        await using var coalescer = new FrameCoalescer<int>(TimeSpan.Zero, receiver.OnFrame, _time, _log, capacity: 5);

        coalescer.Add(0);
        await busy.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // The receiver is busy with the first frame: everything below waits in the buffer.
        coalescer.AddRange(Enumerable.Range(1, 12));
        release.SetResult();
        await receiver.FrameAsync(2);

        Assert.Equal([[0], [8, 9, 10, 11, 12]], receiver.Frames);
        var warning = await _log.WaitForAsync(e => e.Level == LogLevel.Warning);
        Assert.Contains("7 older items", warning.Message);
    }
}
