using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The rows one board shows and the analyst's place in them, kept apart from rendering so the rules are
/// testable: updates land in place; new rows insert at once only while the analyst is at the top, else
/// they wait as "N new"; the cursor and the checked set are alert ids, so they survive every update.
/// </summary>
public sealed class BoardList(int maxRows)
{
    private readonly List<AlertView> _rows = [];
    private readonly List<AlertView> _pending = [];
    private readonly HashSet<long> _checked = [];

    public BoardList() : this(5000)
    {
    }

    public IReadOnlyList<AlertView> Rows => _rows;

    /// <summary>The same rows as a read-only collection, the shape Blazor's Virtualize takes; it follows every change.</summary>
    public ICollection<AlertView> Collection => _collection ??= _rows.AsReadOnly();

    private System.Collections.ObjectModel.ReadOnlyCollection<AlertView>? _collection;
    public int PendingCount => _pending.Count;
    public IReadOnlySet<long> Checked => _checked;
    public long? Cursor { get; private set; }
    public bool AtTop { get; set; } = true;

    /// <summary>New alerts belong at the top only in the newest-first order; in any other order they wait behind the marker.</summary>
    public bool InsertLive { get; set; } = true;

    /// <summary>The version of an alert the board holds, shown or waiting behind the marker.</summary>
    public AlertView? Find(long id) => _rows.Find(a => a.Id == id) ?? _pending.Find(a => a.Id == id);

    public AlertView? CursorAlert => Cursor is { } id ? _rows.Find(a => a.Id == id) : null;

    /// <summary>When on, repeats of an alert (same fingerprint) show as one row, the newest, with a counter.</summary>
    public bool FoldRepeats
    {
        get => _fold;
        set
        {
            _fold = value;
            _folded = null;
        }
    }

    /// <summary>The rows to render: all of them, or one per fingerprint when folding.</summary>
    public ICollection<AlertView> Visible => !_fold ? Collection : _folded ??= Fold();

    /// <summary>How many loaded rows share the alert's fingerprint.</summary>
    public int RepeatsOf(AlertView alert) => _fold && _repeats.TryGetValue(alert.Fingerprint, out var count) ? count : 1;

    private bool _fold;
    private List<AlertView>? _folded;
    private readonly Dictionary<string, int> _repeats = [];

    private List<AlertView> Fold()
    {
        _repeats.Clear();
        var newest = new List<AlertView>();
        foreach (var row in _rows)
        {
            var count = _repeats.GetValueOrDefault(row.Fingerprint);
            if (count == 0)
            {
                newest.Add(row);
            }
            _repeats[row.Fingerprint] = count + 1;
        }
        return newest;
    }

    /// <summary>Where the next page of older alerts starts; null when everything matching is loaded.</summary>
    public string? OlderCursor { get; set; }

    /// <summary>Adds a page of older alerts at the end, skipping any already shown.</summary>
    public void AppendOlder(IEnumerable<AlertView> rows)
    {
        _folded = null;
        var known = _rows.Select(r => r.Id).ToHashSet();
        _rows.AddRange(rows.Where(r => !known.Contains(r.Id)).Take(Math.Max(0, maxRows - _rows.Count)));
    }

    public void Reset(IEnumerable<AlertView> rows)
    {
        _folded = null;
        _rows.Clear();
        _pending.Clear();
        _rows.AddRange(rows);
        _checked.IntersectWith(_rows.Select(r => r.Id));
    }

    /// <summary>Applies a frame of live changes; <paramref name="belongs"/> says whether a new alert matches the board's query.</summary>
    public void Apply(IEnumerable<FeedChange> changes, Func<AlertView, bool> belongs)
    {
        _folded = null;
        foreach (var alert in changes.Select(c => c.Alert))
        {
            if (Replace(_rows, alert) || Replace(_pending, alert))
            {
                continue;
            }
            if (belongs(alert))
            {
                _pending.Add(alert);
            }
        }
        if (AtTop && InsertLive)
        {
            ShowPending();
        }
    }

    /// <summary>Replaces rows in place with fresher versions (after a bulk change), keeping order and place.</summary>
    public void Refresh(IEnumerable<AlertView> fresh)
    {
        _folded = null;
        foreach (var alert in fresh)
        {
            Replace(_rows, alert);
        }
    }

    /// <summary>Takes away rows whose alerts no longer exist (deleted by the retention purge), wherever they are held.</summary>
    public void Remove(IReadOnlyCollection<long> gone)
    {
        if (gone.Count == 0)
        {
            return;
        }
        var ids = gone.ToHashSet();
        _folded = null;
        _rows.RemoveAll(a => ids.Contains(a.Id));
        _pending.RemoveAll(a => ids.Contains(a.Id));
        _checked.ExceptWith(ids);
        if (Cursor is { } cursor && ids.Contains(cursor))
        {
            Cursor = null;
        }
    }

    public void ShowPending()
    {
        _folded = null;
        _rows.InsertRange(0, _pending.OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id));
        _pending.Clear();
        if (_rows.Count > maxRows)
        {
            foreach (var dropped in _rows.Skip(maxRows))
            {
                _checked.Remove(dropped.Id);
            }
            _rows.RemoveRange(maxRows, _rows.Count - maxRows);
        }
    }

    /// <summary>Moves over the rows as shown, so folded repeats are skipped.</summary>
    public void MoveCursor(int delta)
    {
        var shown = (IList<AlertView>)Visible;
        if (shown.Count == 0)
        {
            return;
        }
        var index = CursorIndex;
        index = index < 0 ? 0 : Math.Clamp(index + delta, 0, shown.Count - 1);
        Cursor = shown[index].Id;
    }

    public int CursorIndex
    {
        get
        {
            var shown = (IList<AlertView>)Visible;
            for (var i = 0; Cursor is { } id && i < shown.Count; i++)
            {
                if (shown[i].Id == id)
                {
                    return i;
                }
            }
            return -1;
        }
    }

    public void SetCursor(long id) => Cursor = id;

    public void ToggleChecked(long id)
    {
        if (!_checked.Remove(id))
        {
            _checked.Add(id);
        }
    }

    public void ClearChecked() => _checked.Clear();

    /// <summary>What an action applies to: the checked rows, else the row under the cursor.</summary>
    public IReadOnlyList<long> Targets => _checked.Count > 0 ? [.. _checked] : Cursor is { } id ? [id] : [];

    private static bool Replace(List<AlertView> list, AlertView alert)
    {
        var index = list.FindIndex(a => a.Id == alert.Id);
        if (index < 0)
        {
            return false;
        }
        if (alert.Seq >= list[index].Seq)
        {
            list[index] = alert;
        }
        return true;
    }
}
