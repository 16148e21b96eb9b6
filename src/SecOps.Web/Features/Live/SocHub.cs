using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Operations;

namespace SecOps.Web.Features.Live;

/// <summary>
/// The hub for external clients. Events: <c>alerts</c> (<see cref="AlertFrame"/>), <c>incidents</c>
/// (<see cref="IncidentFrame"/>, only incidents the connection may see), <c>tasks</c>
/// (<see cref="TaskFrame"/>, by the same rule; a deleted incident or task comes as a <see cref="RemovalFrame"/> on the same
/// event, to those who could see it), <c>bulk</c>, <c>resync</c>. A connection made with an API key closes when
/// the key is revoked or expires (<see cref="HubKeyConnections"/>).
/// A client that wants to catch up calls <see cref="Resume"/> first; one that does not starts receiving
/// from the moment it connected.
/// </summary>
[Authorize(Policy = ApiAuthorization.ReadPolicy)]
public sealed class SocHub(HubBroadcaster broadcaster, HubKeyConnections keyConnections, SecOpsMetrics metrics) : Hub
{
    public const string Path = "/hubs/soc";
    public const string AlertsGroup = "alerts";

    public override Task OnConnectedAsync()
    {
        broadcaster.Connected(Context.ConnectionId, Actor.From(Context.User));
        keyConnections.Connected(Context);
        metrics.HubConnected();
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        broadcaster.Disconnected(Context.ConnectionId);
        keyConnections.Disconnected(Context.ConnectionId);
        metrics.HubDisconnected();
        return Task.CompletedTask;
    }

    /// <summary>Replays, in order and without gap or duplicate, every change after <paramref name="afterSeq"/>, then continues live.</summary>
    public Task Resume(long afterSeq) => broadcaster.ResumeAsync(Context.ConnectionId, afterSeq, Context.ConnectionAborted);
}
