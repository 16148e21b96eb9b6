using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.ScaleOut;

/// <summary>
/// The hub's connections on the Redis backplane, except live delivery. Every instance feeds its own connections from its
/// own live feed, which follows the store (<see cref="ChangeNotifications"/>), so the live group and sends to this
/// instance's own connections stay in the process: a frame is never sent twice (once per instance), and never depends on
/// Redis, whose messages are lost while it is down. Everything else (all clients, users, other groups, connections on
/// other instances) goes through the backplane.
/// </summary>
public sealed class SocHubLifetimeManager(
    DefaultHubLifetimeManager<SocHub> local, RedisHubLifetimeManager<SocHub> backplane, ILogger<SocHubLifetimeManager> logger)
    : HubLifetimeManager<SocHub>, IDisposable
{
    /// <summary>This instance's connections, and whether each also joined the backplane (it cannot while Redis is down).</summary>
    private readonly ConcurrentDictionary<string, bool> _connections = new();

    private static bool IsLocalGroup(string groupName) => groupName == SocHub.AlertsGroup;

    private bool IsLocal(string connectionId) => _connections.ContainsKey(connectionId);

    private bool OnBackplane(string connectionId) => !_connections.TryGetValue(connectionId, out var joined) || joined;

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await local.OnConnectedAsync(connection);
        var joined = true;
        try
        {
            await backplane.OnConnectedAsync(connection);
        }
        catch (Exception e)
        {
            // Live delivery is local, so the connection is served; only backplane sends cannot reach it.
            logger.LogWarning("Hub connection {ConnectionId} is not on the Redis backplane ({Error})", connection.ConnectionId, e.Message);
            joined = false;
        }
        _connections[connection.ConnectionId] = joined;
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out var joined);
        await local.OnDisconnectedAsync(connection);
        if (joined)
        {
            await backplane.OnDisconnectedAsync(connection);
        }
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        backplane.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        IsLocal(connectionId)
            ? local.SendConnectionAsync(connectionId, methodName, args, cancellationToken)
            : backplane.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        var (here, elsewhere) = Split(connectionIds, IsLocal);
        return Task.WhenAll(
            here.Count > 0 ? local.SendConnectionsAsync(here, methodName, args, cancellationToken) : Task.CompletedTask,
            elsewhere.Count > 0 ? backplane.SendConnectionsAsync(elsewhere, methodName, args, cancellationToken) : Task.CompletedTask);
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        IsLocalGroup(groupName)
            ? local.SendGroupAsync(groupName, methodName, args, cancellationToken)
            : backplane.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        var (here, elsewhere) = Split(groupNames, IsLocalGroup);
        return Task.WhenAll(
            here.Count > 0 ? local.SendGroupsAsync(here, methodName, args, cancellationToken) : Task.CompletedTask,
            elsewhere.Count > 0 ? backplane.SendGroupsAsync(elsewhere, methodName, args, cancellationToken) : Task.CompletedTask);
    }

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        IsLocalGroup(groupName)
            ? local.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken)
            : backplane.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        IsLocalGroup(groupName)
            ? local.AddToGroupAsync(connectionId, groupName, cancellationToken)
            : backplane.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        IsLocalGroup(groupName)
            ? local.RemoveFromGroupAsync(connectionId, groupName, cancellationToken)
            : backplane.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        OnBackplane(connectionId)
            ? backplane.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken)
            : local.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        OnBackplane(connectionId) ? backplane.SetConnectionResultAsync(connectionId, result) : local.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        backplane.TryGetReturnType(invocationId, out type) || local.TryGetReturnType(invocationId, out type);

    public void Dispose() => backplane.Dispose();

    private static (List<string> Matching, List<string> Others) Split(IReadOnlyList<string> items, Func<string, bool> matches)
    {
        var matching = new List<string>();
        var others = new List<string>();
        foreach (var item in items)
        {
            (matches(item) ? matching : others).Add(item);
        }
        return (matching, others);
    }
}
