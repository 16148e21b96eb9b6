using SecOps.Web.Features.ScaleOut;

namespace SecOps.Web.Features.Admin;

/// <summary>
/// Open pages per person on every instance: this one's (<see cref="OpenCircuits"/>) plus, with Redis configured, the
/// other live instances' (<see cref="CircuitCountRelay"/>). Without Redis there is one instance, or none to ask.
/// </summary>
public sealed class SessionCounts(OpenCircuits local, ILogger<SessionCounts> logger, CircuitCountRelay? relay = null)
{
    public async Task<IReadOnlyDictionary<string, int>> AllInstancesAsync()
    {
        var totals = new Dictionary<string, int>(local.Snapshot(), StringComparer.Ordinal);
        if (relay is null)
        {
            return totals;
        }
        try
        {
            foreach (var (userId, count) in await relay.OthersAsync())
            {
                totals[userId] = totals.GetValueOrDefault(userId) + count;
            }
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The page still opens; its counts are this instance's until Redis answers again.
            logger.LogWarning("Open sessions on other instances could not be read from Redis: {Error}", e.Message);
        }
        return totals;
    }
}
