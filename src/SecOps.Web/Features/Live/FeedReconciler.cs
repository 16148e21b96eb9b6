namespace SecOps.Web.Features.Live;

/// <summary>
/// Keeps one live view in step with the change feed by sequence number, so that nothing committed while the view
/// reads is lost and nothing shows twice. The view reads the feed's head, then its snapshot (a query, or a catch-up read
/// of the feed), which holds every change up to that head. Frames that arrive meanwhile are held, and once the snapshot
/// is in, only what is newer than the head is applied. From then on every change is applied once, in number order;
/// anything at or below <see cref="LastApplied"/> is skipped.
/// </summary>
/// <remarks>
/// The feed is gap-free, so a frame that starts beyond the next number means something was lost on the way (a receiver
/// buffer that dropped its oldest items, a publish that failed): the view has fallen behind and must re-read from
/// <see cref="LastApplied"/>. Held changes are kept as the latest version per alert; more distinct alerts than the
/// capacity also count as falling behind. Not thread-safe: a view calls it from its own dispatcher.
/// </remarks>
public sealed class FeedReconciler(int capacity)
{
    public const int DefaultCapacity = 2000;

    private readonly Dictionary<long, FeedChange> _held = [];
    private bool _heldBulk;
    private long _read;
    private long _reads;
    private long _received;
    private long _snapshot;
    private long _beforeRead;

    public FeedReconciler() : this(DefaultCapacity)
    {
    }

    /// <summary>Every change up to this number is in the view (during a read: will be, once the read ends well).</summary>
    public long LastApplied => _received;

    /// <summary>Something was lost: the view must re-read from <see cref="LastApplied"/> before it applies more.</summary>
    public bool Behind { get; private set; }

    public bool Reading => _read != 0;

    /// <summary>
    /// Starts a read whose snapshot holds every change up to <paramref name="head"/> (read from the feed before the
    /// query). A read started later replaces this one: only the newest read may end.
    /// </summary>
    public long BeginRead(long head)
    {
        if (!Reading)
        {
            _beforeRead = _received;
        }
        _read = ++_reads;
        _received = _snapshot = head;
        _held.Clear();
        _heldBulk = false;
        Behind = false;
        return _read;
    }

    /// <summary>Whether <paramref name="read"/> is still the newest read (an older one's result must be dropped).</summary>
    public bool IsCurrent(long read) => read == _read;

    /// <summary>Ends the read: what arrived while it ran and is newer than its snapshot, to apply after the snapshot.</summary>
    public FeedBatch EndRead(long read)
    {
        if (!IsCurrent(read))
        {
            throw new InvalidOperationException("Only the newest read may end.");
        }
        _read = 0;
        var batch = new FeedBatch(_held.Values.OrderBy(c => c.Seq).ToList(), _heldBulk, Behind);
        _held.Clear();
        _heldBulk = false;
        return batch;
    }

    /// <summary>A read failed: the view keeps what it had and re-reads from before the read with the next frame.</summary>
    public void AbortRead(long read)
    {
        if (IsCurrent(read))
        {
            _read = 0;
            _held.Clear();
            _heldBulk = false;
            _received = _beforeRead;
            Behind = true;
        }
    }

    /// <summary>
    /// Takes a frame's changes and bulk notices (in any order). While a read runs they are held and the result is
    /// empty; otherwise the result is what to apply now: the latest version per alert of every change not yet applied.
    /// <paramref name="skipped"/> are numbers of changes that are not the view's (incident changes): they only count as received.
    /// </summary>
    public FeedBatch Accept(IEnumerable<FeedChange> changes, IEnumerable<BulkNotice> notices, IEnumerable<long>? skipped = null)
    {
        if (Behind)
        {
            return Reading ? FeedBatch.Empty : FeedBatch.FellBehind;
        }
        var start = _received;
        var fresh = new Dictionary<long, FeedChange>();
        var bulk = false;
        var items = changes.Select(c => (From: c.Seq, To: c.Seq, Change: (FeedChange?)c))
            .Concat(notices.Select(n => (From: n.SeqFrom, To: n.SeqTo, Change: (FeedChange?)null)))
            .Concat((skipped ?? []).Select(s => (From: s, To: -s, Change: (FeedChange?)null)))
            .OrderBy(i => i.From);
        foreach (var (from, signedTo, change) in items)
        {
            // A skipped number comes with a negative end: it moves the count on and changes nothing in the view.
            var skip = signedTo < 0;
            var to = Math.Abs(signedTo);
            if (to <= _received)
            {
                continue;
            }
            if (from > _received + 1)
            {
                _received = start;
                return FallBehind();
            }
            _received = to;
            if (skip)
            {
                continue;
            }
            if (change is null)
            {
                bulk = true;
            }
            else
            {
                fresh[change.Alert.Id] = change;
            }
        }
        if (!Reading)
        {
            return new FeedBatch(fresh.Values.OrderBy(c => c.Seq).ToList(), bulk, false);
        }
        foreach (var (id, change) in fresh)
        {
            _held[id] = change;
        }
        _heldBulk |= bulk;
        return _held.Count > capacity ? FallBehind() : FeedBatch.Empty;
    }

    /// <summary>A frame could not be applied (an error after <see cref="Accept"/>): re-read from before it.</summary>
    public void Failed(long lastGood)
    {
        _received = Math.Min(_received, lastGood);
        Behind = true;
    }

    private FeedBatch FallBehind()
    {
        Behind = true;
        if (!Reading)
        {
            // Nothing of this frame was applied: LastApplied still marks where the view is whole.
            return FeedBatch.FellBehind;
        }
        // During a read the snapshot is still good: the view re-reads from its head once it is in.
        _held.Clear();
        _heldBulk = false;
        _received = _snapshot;
        return FeedBatch.Empty;
    }
}

/// <summary>
/// What a live view applies: changes in number order (one per alert), whether a bulk notice asks it to refresh what it
/// shows, and whether it fell behind and must re-read from its last applied number first.
/// </summary>
public sealed record FeedBatch(IReadOnlyList<FeedChange> Changes, bool Bulk, bool Behind)
{
    public static FeedBatch Empty { get; } = new([], false, false);

    public static FeedBatch FellBehind { get; } = new([], false, true);
}
