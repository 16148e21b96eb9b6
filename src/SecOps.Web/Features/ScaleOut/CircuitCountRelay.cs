using Microsoft.Extensions.Options;
using SecOps.Web.Features.Admin;
using StackExchange.Redis;

namespace SecOps.Web.Features.ScaleOut;

/// <summary>
/// Shares each instance's open pages per person (<see cref="OpenCircuits"/>) through Redis, so the users page counts the
/// sessions of every instance: each instance keeps its counts in a hash of its own, written when a count changes and
/// again every <see cref="ScaleOutOptions.PresenceInterval"/>, and lists itself in a sorted set scored by when it last
/// wrote. Readers take only instances that wrote within three intervals, so an instance that died stops counting then.
/// </summary>
public sealed class CircuitCountRelay(IConnectionMultiplexer redis, OpenCircuits local, IOptions<ScaleOutOptions> options, TimeProvider time,
    ILogger<CircuitCountRelay> logger) : BackgroundService
{
    private readonly string _instance = Guid.NewGuid().ToString("N");
    // One write at a time, each taking the counts as they are when it starts, so the last write holds the newest.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private int _failures;

    private RedisKey Instances => options.Value.Channel + ":circuits";

    private RedisKey CountsOf(string instance) => $"{options.Value.Channel}:circuits:{instance}";

    private TimeSpan Lifetime => 3 * options.Value.PresenceInterval;

    /// <summary>Open pages per person on the other live instances (this one's are <see cref="OpenCircuits"/>).</summary>
    public async Task<IReadOnlyDictionary<string, int>> OthersAsync()
    {
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        var db = redis.GetDatabase();
        var since = (time.GetUtcNow() - Lifetime).ToUnixTimeMilliseconds();
        foreach (var instance in await db.SortedSetRangeByScoreAsync(Instances, since, double.PositiveInfinity))
        {
            var id = instance.ToString();
            if (id != _instance)
            {
                foreach (var entry in await db.HashGetAllAsync(CountsOf(id)))
                {
                    var userId = entry.Name.ToString();
                    totals[userId] = totals.GetValueOrDefault(userId) + (int)entry.Value;
                }
            }
        }
        return totals;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        void OnChanged() => _ = WriteAsync();
        local.Changed += OnChanged;
        try
        {
            using var renewal = new PeriodicTimer(options.Value.PresenceInterval, time);
            do
            {
                await WriteAsync();
            }
            while (await renewal.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            local.Changed -= OnChanged;
            await ForgetAsync();
        }
    }

    private async Task WriteAsync()
    {
        await _writing.WaitAsync();
        try
        {
            var db = redis.GetDatabase();
            var key = CountsOf(_instance);
            var transaction = db.CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            var counts = local.Snapshot();
            if (counts.Count > 0)
            {
                _ = transaction.HashSetAsync(key, [.. counts.Select(c => new HashEntry(c.Key, c.Value))]);
                _ = transaction.KeyExpireAsync(key, Lifetime);
            }
            _ = transaction.SortedSetAddAsync(Instances, _instance, time.GetUtcNow().ToUnixTimeMilliseconds());
            _ = transaction.SortedSetRemoveRangeByScoreAsync(Instances, double.NegativeInfinity, (time.GetUtcNow() - Lifetime).ToUnixTimeMilliseconds());
            await transaction.ExecuteAsync();
            Interlocked.Exchange(ref _failures, 0);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (Interlocked.Increment(ref _failures) == 1)
            {
                logger.LogWarning("Sharing open session counts over Redis failed ({Error}); they are shared again on the next renewal", e.Message);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>A stopping instance takes its counts away at once rather than three intervals later.</summary>
    private async Task ForgetAsync()
    {
        try
        {
            var db = redis.GetDatabase();
            await db.KeyDeleteAsync(CountsOf(_instance));
            await db.SortedSetRemoveAsync(Instances, _instance);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug("Open session counts were left to expire: {Error}", e.Message);
        }
    }
}
