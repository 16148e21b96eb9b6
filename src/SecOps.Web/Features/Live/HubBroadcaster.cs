using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Operations;

namespace SecOps.Web.Features.Live;

/// <summary>
/// Sends the live feed to hub clients in frames. One loop sends every live frame and makes every join, so the point
/// at which a connection joins the live group is exactly the point its catch-up ends: replay and live delivery meet
/// without a gap or a duplicate. The catch-up itself (reading what a connection missed, page by page) runs in a task
/// of its own per connection, so a deep <c>Resume</c> never holds up the frames of everyone else; only the last gap,
/// at most one page, is sent from inside the loop at the join. Incident and task changes go only to the connections that may see
/// the incident (<see cref="IncidentAccess.CanSee"/>), live and in replay, each connection judged by who it acts for.
/// </summary>
public sealed partial class HubBroadcaster(
    LiveFeed feed,
    FeedReader reader,
    IHubContext<SocHub> hub,
    HubReplayHook hook,
    IOptions<LiveOptions> options,
    TimeProvider time,
    SecOpsMetrics metrics,
    ILogger<HubBroadcaster> logger) : BackgroundService
{
    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, ConnectionState> _connections = [];
    private readonly List<FeedChange> _pending = [];

    /// <summary>The highest sequence number sent to the live group. Written by the loop only; catch-up tasks read it.</summary>
    private long _lastSent;
    private long _lastFrameAt;

    /// <summary>When the oldest change waiting in <see cref="_pending"/> was published (committed), for the push-latency metric.</summary>
    private long _oldestPendingAt;

    private sealed record PublishedChanges(IReadOnlyList<FeedChange> Changes, long PublishedAt);
    private sealed record ConnectedMessage(string ConnectionId, Actor Actor);
    private sealed record DisconnectedMessage(string ConnectionId);
    private sealed record GraceExpiredMessage(string ConnectionId);
    private sealed record ResumeMessage(string ConnectionId, long AfterSeq, TaskCompletionSource Done);

    private sealed class ConnectionState(long connectedAt, Actor actor)
    {
        public long ConnectedAt { get; } = connectedAt;

        /// <summary>Who the connection acts for: decides which incidents it receives.</summary>
        public Actor Actor { get; } = actor;
        public bool Live { get; set; }

        /// <summary>The catch-up under way, if any; a newer Resume replaces it.</summary>
        public CatchUp? CatchUp { get; set; }
    }

    private long LastSent => Volatile.Read(ref _lastSent);

    public void Connected(string connectionId, Actor actor) => _inbox.Writer.TryWrite(new ConnectedMessage(connectionId, actor));

    public void Disconnected(string connectionId) => _inbox.Writer.TryWrite(new DisconnectedMessage(connectionId));

    /// <summary>Completes once everything after <paramref name="afterSeq"/> is sent and the connection receives live frames.</summary>
    public Task ResumeAsync(string connectionId, long afterSeq, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inbox.Writer.TryWrite(new ResumeMessage(connectionId, afterSeq, done));
        return done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Volatile.Write(ref _lastSent, feed.Head);
        using var subscription = feed.Subscribe(changes => _inbox.Writer.TryWrite(new PublishedChanges(changes, time.GetTimestamp())));
        using var bulkSubscription = feed.SubscribeBulk(notice => _inbox.Writer.TryWrite(notice));
        using var incidentSubscription = feed.SubscribeIncidents(change => _inbox.Writer.TryWrite(change));
        using var taskSubscription = feed.SubscribeTasks(change => _inbox.Writer.TryWrite(change));
        using var removalSubscription = feed.SubscribeRemovals(change => _inbox.Writer.TryWrite(change));
        var interval = options.Value.FrameInterval;
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(stoppingToken))
            {
                try
                {
                    await DrainAsync(stoppingToken);
                    if (_pending.Count == 0)
                    {
                        continue;
                    }
                    var wait = interval - time.GetElapsedTime(_lastFrameAt);
                    if (_lastFrameAt != 0 && wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, stoppingToken);
                        await DrainAsync(stoppingToken);
                    }
                    await SendPendingAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // One failed frame must not stop live delivery for everyone (nor, as an unhandled
                    // background-service error, the whole app). Clients that missed it catch up with Resume.
                    logger.LogError(e, "Sending a live frame failed");
                    _pending.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var state in _connections.Values)
            {
                state.CatchUp?.Cancel();
            }
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_inbox.Reader.TryRead(out var message))
        {
            try
            {
                await HandleAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Hub delivery step {Message} failed", message.GetType().Name);
                switch (message)
                {
                    case ResumeMessage resume:
                        resume.Done.TrySetException(e);
                        break;
                    case JoinRequest join:
                        join.Joined.TrySetException(e);
                        break;
                }
            }
        }
    }

    private async Task HandleAsync(object message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case PublishedChanges published:
                if (_pending.Count == 0)
                {
                    _oldestPendingAt = published.PublishedAt;
                }
                _pending.AddRange(published.Changes);
                break;
            case BulkNotice notice:
                // Changes numbered before the notice go out first, so clients see sequence order.
                if (_pending.Count > 0)
                {
                    await SendPendingAsync(cancellationToken);
                }
                Volatile.Write(ref _lastSent, notice.SeqTo);
                await hub.Clients.Group(SocHub.AlertsGroup).SendAsync("bulk", notice, cancellationToken);
                break;
            case IncidentFeedChange incident:
                await SendNeedToKnowAsync(incident.Seq, incident.Audience, "incidents", Frame(incident), cancellationToken);
                break;
            case TaskFeedChange task:
                await SendNeedToKnowAsync(task.Seq, task.Audience, "tasks", Frame(task), cancellationToken);
                break;
            case RemovalFeedChange removal:
                await SendNeedToKnowAsync(removal.Seq, removal.Audience, removal.HubMethod, Frame(removal), cancellationToken);
                break;
            case ConnectedMessage connected:
                _connections[connected.ConnectionId] = new ConnectionState(LastSent, connected.Actor);
                _ = ExpireGraceAsync(connected.ConnectionId, cancellationToken);
                break;
            case GraceExpiredMessage expired when _connections.TryGetValue(expired.ConnectionId, out var state) && !state.Live && state.CatchUp is null:
                StartCatchUp(expired.ConnectionId, state, state.ConnectedAt, done: null, cancellationToken);
                break;
            case ResumeMessage resume when _connections.TryGetValue(resume.ConnectionId, out var state):
                if (state.Live)
                {
                    // Resumed after live delivery began: stop it, then replay from the asked point.
                    await hub.Groups.RemoveFromGroupAsync(resume.ConnectionId, SocHub.AlertsGroup, cancellationToken);
                    state.Live = false;
                }
                StartCatchUp(resume.ConnectionId, state, resume.AfterSeq, resume.Done, cancellationToken);
                break;
            case ResumeMessage unknown:
                unknown.Done.TrySetResult();
                break;
            case JoinRequest join when _connections.TryGetValue(join.ConnectionId, out var state) && state.CatchUp == join.CatchUp:
                await JoinAsync(join, state, cancellationToken);
                break;
            case JoinRequest stale:
                // Superseded by a newer Resume, or the connection has gone.
                stale.Joined.TrySetCanceled(cancellationToken);
                break;
            case DisconnectedMessage disconnected when _connections.Remove(disconnected.ConnectionId, out var state):
                state.CatchUp?.Cancel();
                break;
        }
    }

    /// <summary>Sends one incident or task change (or deletion) to the live connections allowed to see its incident.</summary>
    private async Task SendNeedToKnowAsync(long seq, IncidentAudience audience, string method, object frame, CancellationToken cancellationToken)
    {
        // Alert changes numbered before it go out first, so clients see sequence order.
        if (_pending.Count > 0)
        {
            await SendPendingAsync(cancellationToken);
        }
        Volatile.Write(ref _lastSent, seq);
        var allowed = _connections.Where(c => c.Value.Live && IncidentAccess.CanSee(c.Value.Actor, audience)).Select(c => c.Key).ToList();
        if (allowed.Count > 0)
        {
            await hub.Clients.Clients(allowed).SendAsync(method, frame, cancellationToken);
        }
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        // A bulk notice or a join may have flushed the frame already.
        if (_pending.Count == 0)
        {
            return;
        }
        var frame = _pending.ToArray();
        _pending.Clear();
        Volatile.Write(ref _lastSent, frame[^1].Seq);
        _lastFrameAt = time.GetTimestamp();
        await SendFramesAsync(hub.Clients.Group(SocHub.AlertsGroup), frame, cancellationToken);
        metrics.Pushed(time.GetElapsedTime(_oldestPendingAt));
    }

    private async Task SendFramesAsync(IClientProxy target, IReadOnlyList<FeedChange> changes, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxItemsPerFrame;
        for (var i = 0; i < changes.Count; i += max)
        {
            var slice = changes.Skip(i).Take(max).ToList();
            await target.SendAsync("alerts", new AlertFrame(slice[^1].Seq, slice.Select(c => c.Alert).ToList()), cancellationToken);
        }
    }

    /// <summary>Sends a replayed page to one connection: alert changes in frames, incident and task changes it may see one by one, in number order.</summary>
    private async Task SendReplayAsync(IClientProxy client, Actor actor, IReadOnlyList<object> items, CancellationToken cancellationToken)
    {
        var alerts = new List<FeedChange>();
        foreach (var item in items)
        {
            if (item is FeedChange change)
            {
                alerts.Add(change);
                continue;
            }
            var (audience, method, frame) = item switch
            {
                IncidentFeedChange incident => (incident.Audience, "incidents", (object)Frame(incident)),
                TaskFeedChange task => (task.Audience, "tasks", Frame(task)),
                RemovalFeedChange removal => (removal.Audience, removal.HubMethod, Frame(removal)),
                _ => throw new InvalidOperationException("A feed page holds alert, incident and task changes and deletions only."),
            };
            if (!IncidentAccess.CanSee(actor, audience))
            {
                continue;
            }
            if (alerts.Count > 0)
            {
                await SendFramesAsync(client, alerts, cancellationToken);
                alerts.Clear();
            }
            await client.SendAsync(method, frame, cancellationToken);
        }
        if (alerts.Count > 0)
        {
            await SendFramesAsync(client, alerts, cancellationToken);
        }
    }

    private static IncidentFrame Frame(IncidentFeedChange change) => new(change.Seq, [IncidentDocument.From(change.Incident)]);

    private static TaskFrame Frame(TaskFeedChange change) => new(change.Seq, [change.Task]);

    private static RemovalFrame Frame(RemovalFeedChange change) => new(change.Seq, [new RemovedItem(change.Id)]);

    private async Task ExpireGraceAsync(string connectionId, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Value.ResumeGrace, time, cancellationToken);
            _inbox.Writer.TryWrite(new GraceExpiredMessage(connectionId));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
