using System.Threading.Channels;

namespace SecOps.Web.Features.Live;

/// <summary>
/// Collects items and hands them on in frames: the first item after a quiet period goes out at once,
/// later ones wait until a frame interval has passed since the last frame. Latency stays low when
/// traffic is light and the receiver gets at most one frame per interval when it is heavy.
/// </summary>
/// <remarks>
/// The buffer holds at most <c>capacity</c> items. A receiver too slow to keep up loses the oldest ones (logged once per
/// frame with their count) rather than holding the process's memory: a receiver that must see every change keeps its
/// own sequence number and re-reads what it missed (see <see cref="FeedReconciler"/>). Dropping the oldest rather than
/// the newest matters for that: the next item it gets shows the gap at once.
/// </remarks>
public sealed class FrameCoalescer<T> : IAsyncDisposable
{
    public const int DefaultCapacity = 10_000;

    private readonly Channel<T> _channel;
    private readonly Func<IReadOnlyList<T>, Task> _onFrame;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _dropped;

    public FrameCoalescer(TimeSpan interval, Func<IReadOnlyList<T>, Task> onFrame, TimeProvider time, ILogger logger, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _interval = interval;
        _onFrame = onFrame;
        _time = time;
        _logger = logger;
        _channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));
        _loop = Task.Run(RunAsync);
    }

    public void Add(T item) => _channel.Writer.TryWrite(item);

    public void AddRange(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            _channel.Writer.TryWrite(item);
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var lastFrame = long.MinValue;
        var frame = new List<T>();
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                if (lastFrame != long.MinValue)
                {
                    var wait = _interval - _time.GetElapsedTime(lastFrame);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _time, _stop.Token);
                    }
                }
                while (reader.TryRead(out var item))
                {
                    frame.Add(item);
                }
                lastFrame = _time.GetTimestamp();
                if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
                {
                    _logger.LogWarning("A live receiver fell behind: {Dropped} older items were dropped from its buffer", dropped);
                }
                try
                {
                    await _onFrame(frame.ToArray());
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    // A failing receiver (a closed circuit, a dropped connection) must not stop the frames for later ones,
                    // but it must not fail unseen either.
                    _logger.LogError(e, "A live frame of {Count} items failed in its receiver", frame.Count);
                }
                frame.Clear();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
