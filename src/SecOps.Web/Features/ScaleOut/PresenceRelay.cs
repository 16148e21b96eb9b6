using System.Text.Json;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Presence;
using StackExchange.Redis;

namespace SecOps.Web.Features.ScaleOut;

/// <summary>
/// Shares presence (who views or edits which alert and incident) between the instances over Redis pub/sub: each instance
/// reports its own views of a subject whenever they change and all of them again every
/// <see cref="ScaleOutOptions.PresenceInterval"/>; a report holds for three intervals unless renewed, so the viewers of an
/// instance that died go within that time. A starting (or reconnected) instance asks the others to report at once.
/// </summary>
/// <remarks>
/// Presence is a courtesy, not a record: a report lost while Redis is down is made good by the next renewal, and nothing
/// is stored. The names are the ones the pages already show to whoever may see the subject.
/// </remarks>
public sealed class PresenceRelay(
    IConnectionMultiplexer redis, PresenceTracker tracker, IOptions<ScaleOutOptions> options, TimeProvider time, ILogger<PresenceRelay> logger)
    : BackgroundService
{
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _publishFailures;

    /// <summary>One instance's report of one subject, or (<see cref="Sync"/>) a request that every instance report all.</summary>
    private sealed record Message(string Instance, string? Kind = null, long Id = 0, IReadOnlyList<PresentPerson>? People = null, bool Sync = false);

    /// <summary>Completes once this instance first listens for the others' reports (tests wait on it).</summary>
    public Task Listening => _listening.Task;

    private RedisChannel Channel => RedisChannel.Literal(options.Value.Channel + ":presence");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var subscriber = redis.GetSubscriber();
        using var local = tracker.SubscribeLocal(subject => Publish(subscriber, Report(subject)));
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => ReportAll(subscriber, askOthers: true);
        redis.ConnectionRestored += OnRestored;
        var subscribed = false;
        try
        {
            using var renewal = new PeriodicTimer(options.Value.PresenceInterval, time);
            do
            {
                if (!subscribed && await TrySubscribeAsync(subscriber))
                {
                    subscribed = true;
                    ReportAll(subscriber, askOthers: true);
                }
                else
                {
                    ReportAll(subscriber, askOthers: false);
                }
                tracker.ExpireRemote(time.GetUtcNow());
            }
            while (await renewal.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            redis.ConnectionRestored -= OnRestored;
        }
    }

    private async Task<bool> TrySubscribeAsync(ISubscriber subscriber)
    {
        try
        {
            await subscriber.SubscribeAsync(Channel, (_, value) => Receive(subscriber, value));
            _listening.TrySetResult();
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis is unavailable ({Error}); presence on other instances shows again when it is back", e.Message);
            return false;
        }
    }

    private void Receive(ISubscriber subscriber, RedisValue value)
    {
        Message? message;
        try
        {
            message = JsonSerializer.Deserialize<Message>(value.ToString());
        }
        catch (JsonException e)
        {
            logger.LogWarning("A presence report that is not one was ignored: {Error}", e.Message);
            return;
        }
        if (message is null || message.Instance == _instance)
        {
            return;
        }
        if (message.Sync)
        {
            ReportAll(subscriber, askOthers: false);
        }
        else if (message.Kind is "alert" or "incident")
        {
            tracker.ApplyRemote(message.Instance, new PresenceSubject(message.Kind, message.Id), message.People ?? [],
                time.GetUtcNow() + 3 * options.Value.PresenceInterval);
        }
    }

    private Message Report(PresenceSubject subject) => new(_instance, subject.Kind, subject.Id, tracker.Local(subject));

    private void ReportAll(ISubscriber subscriber, bool askOthers)
    {
        foreach (var subject in tracker.LocalSubjects())
        {
            Publish(subscriber, Report(subject));
        }
        if (askOthers)
        {
            Publish(subscriber, new Message(_instance, Sync: true));
        }
    }

    private void Publish(ISubscriber subscriber, Message message)
    {
        try
        {
            subscriber.Publish(Channel, JsonSerializer.Serialize(message), CommandFlags.FireAndForget);
            Interlocked.Exchange(ref _publishFailures, 0);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (Interlocked.Increment(ref _publishFailures) == 1)
            {
                logger.LogWarning("Reporting presence over Redis failed ({Error}); it is reported again on the next renewal", e.Message);
            }
        }
    }
}
