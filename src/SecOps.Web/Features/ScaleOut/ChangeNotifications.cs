using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Live;
using StackExchange.Redis;

namespace SecOps.Web.Features.ScaleOut;

/// <summary>
/// Tells the other instances when this one commits to the change feed, and learns when they do, over Redis pub/sub.
/// A message carries only the new head, as a hint to skip a read already done; what changed is always read from the
/// store by sequence number (<see cref="StoreWriter.CatchUpAsync"/>), which publishes it to this instance's live feed
/// in number order with its own changes, so boards, incidents and hub clients here see it as if made here.
/// </summary>
/// <remarks>
/// Pub/sub delivers at most once: a message sent while a subscriber is disconnected is gone. So the store is also read
/// every <see cref="ScaleOutOptions.CatchUpInterval"/>, and at once when the Redis connection comes back; a lost message
/// delays a change, it never loses one. While Redis is down the instances keep working on their own and keep catching
/// up from the store on the interval.
/// </remarks>
public sealed class ChangeNotifications(
    IConnectionMultiplexer redis, StoreWriter writer, LiveFeed feed, IOptions<ScaleOutOptions> options, TimeProvider time, ILogger<ChangeNotifications> logger)
    : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _announceFailures;

    /// <summary>Completes once this instance first listens for the others' announcements (logs and tests wait on it).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var channel = RedisChannel.Literal(options.Value.Channel);
        var subscriber = redis.GetSubscriber();
        redis.ConnectionRestored += OnRestored;
        using var committed = writer.OnCommitted(head => Announce(subscriber, channel, head));
        var subscribed = false;
        try
        {
            while (true)
            {
                // Subscribed first, read second: a commit between the two is in the read or wakes the next one.
                subscribed = subscribed || await TrySubscribeAsync(subscriber, channel);
                try
                {
                    await writer.CatchUpAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Reading the changes other instances committed failed; retrying");
                }
                await WaitAsync(options.Value.CatchUpInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            redis.ConnectionRestored -= OnRestored;
        }
    }

    private async Task<bool> TrySubscribeAsync(ISubscriber subscriber, RedisChannel channel)
    {
        try
        {
            await subscriber.SubscribeAsync(channel, (_, message) =>
            {
                // Only a hint: a head this instance has already published needs no read.
                if (!message.TryParse(out long head) || head > feed.Head)
                {
                    _wake.Writer.TryWrite(true);
                }
            });
            logger.LogInformation("Listening for commits of other instances on Redis channel {Channel}", options.Value.Channel);
            _listening.TrySetResult();
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis is unavailable ({Error}); changes of other instances are read from the store every {Interval} until it is back",
                e.Message, options.Value.CatchUpInterval);
            return false;
        }
    }

    private void Announce(ISubscriber subscriber, RedisChannel channel, long head)
    {
        try
        {
            subscriber.Publish(channel, head, CommandFlags.FireAndForget);
            Interlocked.Exchange(ref _announceFailures, 0);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The others read it from the store on their interval; one warning per outage, not one per commit.
            if (Interlocked.Increment(ref _announceFailures) == 1)
            {
                logger.LogWarning("Announcing commits over Redis failed ({Error}); other instances pick them up from the store", e.Message);
            }
        }
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        logger.LogInformation("Redis connection {Type} restored; reading what other instances committed meanwhile", e.ConnectionType);
        _wake.Writer.TryWrite(true);
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(delay, time, waiting.Token);
        var wake = _wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(sleep, wake);
        await waiting.CancelAsync();
        _wake.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
