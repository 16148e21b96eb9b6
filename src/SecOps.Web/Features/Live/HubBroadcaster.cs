using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Live;

/// <summary>
/// Sends the live feed to hub clients in frames. One loop does all sending and all joining, so the
/// point at which a connection joins the live group is exactly the point its catch-up ends: replay and
/// live delivery meet without a gap or a duplicate.
/// </summary>
public sealed class HubBroadcaster(
    LiveFeed feed,
    FeedReader reader,
    IHubContext<SocHub> hub,
    IOptions<LiveOptions> options,
    TimeProvider time,
    ILogger<HubBroadcaster> logger) : BackgroundService
{
    private const int ReplayPageSize = 1000;
    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, ConnectionState> _connections = [];
    private readonly List<FeedChange> _pending = [];
    private long _lastSent;
    private long _lastFrameAt;

    private sealed record ConnectedMessage(string ConnectionId);
    private sealed record DisconnectedMessage(string ConnectionId);
    private sealed record GraceExpiredMessage(string ConnectionId);
    private sealed record ResumeMessage(string ConnectionId, long AfterSeq, TaskCompletionSource Done);

    private sealed class ConnectionState(long connectedAt)
    {
        public long ConnectedAt { get; } = connectedAt;
        public bool Live { get; set; }
    }

    public void Connected(string connectionId) => _inbox.Writer.TryWrite(new ConnectedMessage(connectionId));

    public void Disconnected(string connectionId) => _inbox.Writer.TryWrite(new DisconnectedMessage(connectionId));

    public Task ResumeAsync(string connectionId, long afterSeq, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inbox.Writer.TryWrite(new ResumeMessage(connectionId, afterSeq, done));
        return done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _lastSent = feed.Head;
        using var subscription = feed.Subscribe(changes => _inbox.Writer.TryWrite(changes));
        using var bulkSubscription = feed.SubscribeBulk(notice => _inbox.Writer.TryWrite(notice));
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
                if (message is ResumeMessage resume)
                {
                    resume.Done.TrySetException(e);
                }
            }
        }
    }

    private async Task HandleAsync(object message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case IReadOnlyList<FeedChange> changes:
                _pending.AddRange(changes);
                break;
            case BulkNotice notice:
                // Changes numbered before the notice go out first, so clients see sequence order.
                if (_pending.Count > 0)
                {
                    await SendPendingAsync(cancellationToken);
                }
                _lastSent = notice.SeqTo;
                await hub.Clients.Group(SocHub.AlertsGroup).SendAsync("bulk", notice, cancellationToken);
                break;
            case ConnectedMessage connected:
                _connections[connected.ConnectionId] = new ConnectionState(_lastSent);
                _ = ExpireGraceAsync(connected.ConnectionId, cancellationToken);
                break;
            case GraceExpiredMessage expired when _connections.TryGetValue(expired.ConnectionId, out var state) && !state.Live:
                await JoinAsync(expired.ConnectionId, state, state.ConnectedAt, cancellationToken);
                break;
            case ResumeMessage resume when _connections.TryGetValue(resume.ConnectionId, out var state):
                if (state.Live)
                {
                    // Resumed after live delivery began: stop it, then replay from the asked point.
                    await hub.Groups.RemoveFromGroupAsync(resume.ConnectionId, SocHub.AlertsGroup, cancellationToken);
                }
                await JoinAsync(resume.ConnectionId, state, resume.AfterSeq, cancellationToken);
                resume.Done.TrySetResult();
                break;
            case ResumeMessage unknown:
                unknown.Done.TrySetResult();
                break;
            case DisconnectedMessage disconnected:
                _connections.Remove(disconnected.ConnectionId);
                break;
        }
    }

    /// <summary>Sends what the connection missed up to the last frame sent, then adds it to the live group.</summary>
    private async Task JoinAsync(string connectionId, ConnectionState state, long afterSeq, CancellationToken cancellationToken)
    {
        // Changes waiting for the next frame go out first, without this connection: it has either seen
        // them (they are at or below afterSeq) or gets them from the replay below.
        if (_pending.Count > 0)
        {
            await SendPendingAsync(cancellationToken);
        }
        var client = hub.Clients.Client(connectionId);
        if (afterSeq < _lastSent)
        {
            var oldest = await reader.OldestAsync(cancellationToken);
            if (oldest is null || afterSeq < oldest - 1)
            {
                await client.SendAsync("resync", new ResyncNotice(_lastSent, "The requested point is older than the change feed keeps."), cancellationToken);
            }
            else
            {
                var cursor = afterSeq;
                while (cursor < _lastSent)
                {
                    var page = await reader.ReadAsync(cursor, _lastSent, ReplayPageSize, cancellationToken);
                    if (page.Count == 0)
                    {
                        break;
                    }
                    await SendFramesAsync(client, page, cancellationToken);
                    cursor = page[^1].Seq;
                }
            }
        }
        await hub.Groups.AddToGroupAsync(connectionId, SocHub.AlertsGroup, cancellationToken);
        state.Live = true;
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
        _lastSent = frame[^1].Seq;
        _lastFrameAt = time.GetTimestamp();
        await SendFramesAsync(hub.Clients.Group(SocHub.AlertsGroup), frame, cancellationToken);
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
