using System.Threading.Channels;

namespace SecOps.Web.Features.Live;

/// <summary>
/// Collects items and hands them on in frames: the first item after a quiet period goes out at once,
/// later ones wait until a frame interval has passed since the last frame. Latency stays low when
/// traffic is light and the receiver gets at most one frame per interval when it is heavy.
/// </summary>
public sealed class FrameCoalescer<T> : IAsyncDisposable
{
    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<T>, Task> _onFrame;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FrameCoalescer(TimeSpan interval, Func<IReadOnlyList<T>, Task> onFrame, TimeProvider? time = null)
    {
        _interval = interval;
        _onFrame = onFrame;
        _time = time ?? TimeProvider.System;
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
                try
                {
                    await _onFrame(frame.ToArray());
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // A failing receiver (a closed circuit, a dropped connection) must not stop the frames for later ones.
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
