using Microsoft.AspNetCore.SignalR;

namespace SecOps.Web.Features.Live;

public sealed partial class HubBroadcaster
{
    /// <summary>A catch-up asking the loop to join its connection to live delivery from <see cref="Cursor"/>; false means "read on".</summary>
    private sealed record JoinRequest(string ConnectionId, CatchUp CatchUp, long Cursor, TaskCompletionSource<bool> Joined);

    /// <summary>One connection's replay under way: cancelled when the connection goes or a newer Resume replaces it.</summary>
    private sealed class CatchUp(TaskCompletionSource? done, CancellationToken stopping) : IDisposable
    {
        private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);

        /// <summary>The Resume call waiting for this catch-up, or null when it started because the resume grace ran out.</summary>
        public TaskCompletionSource? Done { get; } = done;

        public CancellationToken Cancellation => _cancel.Token;

        public void Cancel()
        {
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }
            Done?.TrySetCanceled();
        }

        public void Dispose() => _cancel.Dispose();
    }

    private void StartCatchUp(string connectionId, ConnectionState state, long afterSeq, TaskCompletionSource? done, CancellationToken stopping)
    {
        state.CatchUp?.Cancel();
        var catchUp = new CatchUp(done, stopping);
        state.CatchUp = catchUp;
        _ = Task.Run(() => CatchUpAsync(connectionId, state.Actor, catchUp, afterSeq), CancellationToken.None);
    }

    /// <summary>
    /// Runs outside the loop: sends the connection what it missed, one page at a time (so its buffer holds at most one
    /// page), chasing what the loop has sent meanwhile; once within one page of it, asks the loop to send the rest and join.
    /// A replay of 100,000 changes takes about ten seconds this way.
    /// </summary>
    private async Task CatchUpAsync(string connectionId, Accounts.Actor actor, CatchUp catchUp, long afterSeq)
    {
        var token = catchUp.Cancellation;
        var pageSize = options.Value.ReplayPageSize;
        var client = hub.Clients.Client(connectionId);
        try
        {
            var cursor = afterSeq;
            if (cursor < LastSent)
            {
                var oldest = await reader.OldestAsync(token);
                if (oldest is null || cursor < oldest - 1)
                {
                    cursor = await ResyncAsync(client, token);
                }
            }
            while (true)
            {
                while (LastSent - cursor > pageSize)
                {
                    await hook.BeforePageAsync(connectionId, cursor, token);
                    var started = time.GetTimestamp();
                    var page = await reader.ReadPageAsync(cursor, LastSent, pageSize, token);
                    if (page.LastSeq is not { } last)
                    {
                        // Purged by retention while this replay was reading.
                        cursor = await ResyncAsync(client, token);
                        break;
                    }
                    await SendReplayAsync(client, actor, page.Items, token);
                    cursor = last;
                    // Rests as long as the page took: a long replay (reading, serialising) takes at most about half of a
                    // core, so on a small machine the live frames to everyone else keep their share of the CPU.
                    await Task.Delay(time.GetElapsedTime(started), time, token);
                }
                var joined = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _inbox.Writer.TryWrite(new JoinRequest(connectionId, catchUp, cursor, joined));
                if (await joined.Task.WaitAsync(token))
                {
                    catchUp.Done?.TrySetResult();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            catchUp.Done?.TrySetCanceled(token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Catch-up of hub connection {ConnectionId} failed; it may call Resume again", connectionId);
            catchUp.Done?.TrySetException(e);
        }
        finally
        {
            catchUp.Dispose();
        }
    }

    private async Task<long> ResyncAsync(IClientProxy client, CancellationToken cancellationToken)
    {
        var at = LastSent;
        await client.SendAsync("resync", new ResyncNotice(at, "The requested point is older than the change feed keeps."), cancellationToken);
        return at;
    }

    /// <summary>
    /// Inside the loop: when the catch-up is within one page of the last frame sent, sends it that gap (with any frame
    /// still pending, which goes to the others first) and adds it to the live group, so the next frame it gets is the
    /// next one everybody gets.
    /// </summary>
    private async Task JoinAsync(JoinRequest join, ConnectionState state, CancellationToken cancellationToken)
    {
        var pageSize = options.Value.ReplayPageSize;
        if (LastSent - join.Cursor > pageSize)
        {
            join.Joined.TrySetResult(false);
            return;
        }
        if (_pending.Count > 0)
        {
            await SendPendingAsync(cancellationToken);
        }
        var client = hub.Clients.Client(join.ConnectionId);
        var cursor = join.Cursor;
        while (cursor < LastSent)
        {
            var page = await reader.ReadPageAsync(cursor, LastSent, pageSize, cancellationToken);
            if (page.LastSeq is not { } last)
            {
                break;
            }
            await SendReplayAsync(client, state.Actor, page.Items, cancellationToken);
            cursor = last;
        }
        await hub.Groups.AddToGroupAsync(join.ConnectionId, SocHub.AlertsGroup, cancellationToken);
        state.Live = true;
        state.CatchUp = null;
        join.Joined.TrySetResult(true);
    }
}
