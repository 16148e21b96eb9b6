using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Loading and live updates of the board, reconciled by sequence number (see <see cref="FeedReconciler"/>): every load
/// reads the feed's head before its query, frames that arrive meanwhile are held and applied after it when newer, and a
/// board that falls behind or fails to apply a frame logs it and re-reads the feed from its last applied number.
/// </summary>
public sealed partial class TriageBoardPage
{
    /// <summary>Changes a catch-up re-reads from the feed at most; a board further behind reloads instead.</summary>
    public const int MaxCatchUp = 2000;

    private readonly FeedReconciler _sync = new();
    private long _load;

    /// <summary>The last sequence number the board has applied: everything up to it is on screen (tests and diagnostics).</summary>
    public long LastAppliedSeq => _sync.LastApplied;

    private async Task LoadAsync()
    {
        if (_queryBroken)
        {
            ShowNothing();
            return;
        }
        _loading = true;
        _loadError = null;
        var read = _load = _sync.BeginRead(Feed.Head);
        try
        {
            var page = await Queries.ListAsync(_actor, _query, PageSize, null, CancellationToken.None, _sort);
            if (!_sync.IsCurrent(read))
            {
                // A newer load (another query, sort or view) started meanwhile: its result is the one to show.
                return;
            }
            _list.Reset(page.Items);
            _list.OlderCursor = page.NextCursor;
            await ApplyAsync(_sync.EndRead(read));
            await WatchTotalsAsync();
        }
        catch (AccessDeniedException)
        {
            _loadError = "Your role cannot read alerts.";
        }
        finally
        {
            _sync.AbortRead(read);
            if (_load == read)
            {
                _loading = false;
            }
        }
    }

    private async Task LoadOlderAsync()
    {
        if (_list.OlderCursor is not { } cursor || _loading)
        {
            return;
        }
        var page = await Queries.ListAsync(_actor, _query, PageSize, cursor, CancellationToken.None, _sort);
        if (!_loading && _list.OlderCursor == cursor)
        {
            _list.AppendOlder(page.Items);
            _list.OlderCursor = page.NextCursor;
        }
    }

    private async Task ApplyFrameAsync(IReadOnlyList<object> items)
    {
        if (_loadError is not null)
        {
            return;
        }
        _now = Time.GetUtcNow();
        var before = _sync.LastApplied;
        try
        {
            await ApplyAsync(_sync.Accept(items.OfType<FeedChange>(), items.OfType<BulkNotice>(), items.OfType<IncidentFeedChange>().Select(c => c.Seq).Concat(items.OfType<TaskFeedChange>().Select(c => c.Seq))
                .Concat(items.OfType<RemovalFeedChange>().Select(c => c.Seq))));
        }
        catch (Exception e) when (e is not AccessDeniedException)
        {
            Logger.LogError(e, "Applying a live frame to the board failed; it re-reads the feed after {Seq}", before);
            _sync.Failed(before);
            await TryCatchUpAsync();
        }
        StateHasChanged();
    }

    /// <summary>Applies what the reconciler hands over: a catch-up first if the board fell behind, then changes and bulk refreshes.</summary>
    private async Task ApplyAsync(FeedBatch batch)
    {
        if (batch.Behind)
        {
            await CatchUpAsync();
            return;
        }
        ApplyToTotals(batch.Changes, batch.Bulk);
        _list.Apply(batch.Changes, Belongs);
        if (batch.Bulk)
        {
            // One notice for many changes: refresh the rows on screen in place. Rows whose alerts are gone were purged by
            // retention (a bulk AlertPurged range): they leave the board.
            var shown = _list.Rows.Select(r => r.Id).ToList();
            var fresh = await Queries.GetManyAsync(_actor, shown, CancellationToken.None);
            _list.Refresh(fresh);
            _list.Remove(shown.Except(fresh.Select(a => a.Id)).ToList());
        }
        if (_detail is not null && (batch.Bulk || batch.Changes.Any(c => c.Alert.Id == _detail.Alert.Id)))
        {
            _detail = await Queries.GetDetailAsync(_actor, _detail.Alert.Id, CancellationToken.None);
        }
    }

    /// <summary>Re-reads the feed from the last applied number up to its head, or reloads when that is too far.</summary>
    private async Task CatchUpAsync()
    {
        var from = _sync.LastApplied;
        var head = Feed.Head;
        if (head - from > MaxCatchUp)
        {
            Logger.LogWarning("The board fell behind the live feed by {Gap} changes (after {Seq}, head {Head}); it reloads", head - from, from, head);
            await LoadAsync();
            return;
        }
        Logger.LogWarning("The board fell behind the live feed after {Seq}; it re-reads up to {Head}", from, head);
        var read = _sync.BeginRead(head);
        try
        {
            var missed = head > from ? await FeedReader.ReadAsync(from, head, (int)(head - from), CancellationToken.None) : [];
            if (!_sync.IsCurrent(read))
            {
                return;
            }
            var latest = missed.GroupBy(c => c.Alert.Id).Select(g => g.MaxBy(c => c.Seq)!).OrderBy(c => c.Seq).ToList();
            await ApplyAsync(new FeedBatch(latest, false, false));
            await ApplyAsync(_sync.EndRead(read));
        }
        finally
        {
            // A read that failed (or was replaced) leaves the board behind: the next frame tries again.
            _sync.AbortRead(read);
        }
    }

    private async Task TryCatchUpAsync()
    {
        try
        {
            await CatchUpAsync();
        }
        catch (Exception e) when (e is not AccessDeniedException)
        {
            Logger.LogError(e, "Re-reading the live feed failed; the board tries again with the next frame");
        }
    }
}
