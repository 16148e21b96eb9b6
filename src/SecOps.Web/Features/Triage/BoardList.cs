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

    public AlertView? CursorAlert => Cursor is { } id ? _rows.Find(a => a.Id == id) : null;

    public void Reset(IEnumerable<AlertView> rows)
    {
        _rows.Clear();
        _pending.Clear();
        _rows.AddRange(rows);
        _checked.IntersectWith(_rows.Select(r => r.Id));
    }

    /// <summary>Applies a frame of live changes; <paramref name="belongs"/> says whether a new alert matches the board's query.</summary>
    public void Apply(IEnumerable<FeedChange> changes, Func<AlertView, bool> belongs)
    {
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
        if (AtTop)
        {
            ShowPending();
        }
    }

    /// <summary>Replaces rows in place with fresher versions (after a bulk change), keeping order and place.</summary>
    public void Refresh(IEnumerable<AlertView> fresh)
    {
        foreach (var alert in fresh)
        {
            Replace(_rows, alert);
        }
    }

    public void ShowPending()
    {
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

    public void MoveCursor(int delta)
    {
        if (_rows.Count == 0)
        {
            return;
        }
        var index = Cursor is { } id ? _rows.FindIndex(a => a.Id == id) : -1;
        index = index < 0 ? 0 : Math.Clamp(index + delta, 0, _rows.Count - 1);
        Cursor = _rows[index].Id;
    }

    public int CursorIndex => Cursor is { } id ? _rows.FindIndex(a => a.Id == id) : -1;

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
