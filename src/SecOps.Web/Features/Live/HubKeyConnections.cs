using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Live;

/// <summary>
/// Hub connections made with an API key, so that revoking the key closes them (PRODUCT.md: "Revoking a key closes its
/// open hub connections"): at once on the instance that revoked it, and within <see cref="LiveOptions.KeyCheckInterval"/>
/// everywhere else (each instance checks its connected keys against the store, which also ends connections whose key
/// expired). A closed client that reconnects with the key is refused like any request with it.
/// </summary>
public sealed class HubKeyConnections(IDbContextFactory<SecOpsDbContext> contexts, IOptions<LiveOptions> options, TimeProvider time,
    ILogger<HubKeyConnections> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, (int KeyId, HubCallerContext Context)> _connections = new();

    /// <summary>Remembers the connection when it acts for an API key; connections of signed-in people are left to their session.</summary>
    public void Connected(HubCallerContext context)
    {
        if (KeyId(Actor.From(context.User)) is { } keyId)
        {
            _connections[context.ConnectionId] = (keyId, context);
        }
    }

    public void Disconnected(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Closes every connection of this instance made with key <paramref name="keyId"/>; returns how many.</summary>
    public int Close(int keyId)
    {
        var closed = 0;
        foreach (var (id, (key, context)) in _connections)
        {
            if (key == keyId && _connections.TryRemove(id, out _))
            {
                context.Abort();
                closed++;
            }
        }
        if (closed > 0)
        {
            logger.LogInformation("Closed {Count} hub connections of API key {KeyId}, which is no longer valid", closed, keyId);
        }
        return closed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CloseInvalidAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The store may be briefly away: the next check tries again.
                logger.LogWarning(e, "Checking the API keys of open hub connections failed");
            }
        }
    }

    /// <summary>Closes the connections whose key is revoked, expired or gone (revoked on another instance, say).</summary>
    public async Task CloseInvalidAsync(CancellationToken cancellationToken)
    {
        var keyIds = _connections.Values.Select(c => c.KeyId).Distinct().ToList();
        if (keyIds.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        List<int> valid;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var keys = await db.ApiKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id)).ToListAsync(cancellationToken);
            valid = [.. keys.Where(k => k.IsActive(now)).Select(k => k.Id)];
        }
        foreach (var keyId in keyIds.Except(valid))
        {
            Close(keyId);
        }
    }

    private static int? KeyId(Actor actor) =>
        actor.Id.StartsWith(Actor.ApiKeyIdPrefix, StringComparison.Ordinal)
        && int.TryParse(actor.Id.AsSpan(Actor.ApiKeyIdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
