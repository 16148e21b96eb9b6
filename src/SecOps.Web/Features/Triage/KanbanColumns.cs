using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The kanban's cards: each status column is its own query (the board's query and that status), newest first, at most
/// <see cref="KanbanOptions.CardsPerColumn"/> cards. Live changes move a card to the column of its new status or take it
/// off when it no longer matches; changes that arrive while the columns load are held and applied after, by sequence
/// number, so a load never puts an older version over a newer one. Not thread-safe: the component calls it from its
/// dispatcher.
/// </summary>
public sealed class KanbanColumns(int cardsPerColumn)
{
    private readonly Dictionary<string, List<AlertView>> _columns = [];
    private readonly List<FeedChange> _held = [];
    private bool _loading;

    private readonly List<AlertView> _cards = [];

    /// <summary>
    /// Every card, for the drop container (it places each by status): one list, changed in place, so the container's
    /// refresh after a live change sees the change without a new parameter.
    /// </summary>
    public IReadOnlyList<AlertView> Cards => _cards;

    private void Rebuild()
    {
        _cards.Clear();
        _cards.AddRange(_columns.Values.SelectMany(c => c));
    }

    public int CardsIn(string status) => _columns.TryGetValue(status, out var cards) ? cards.Count : 0;

    public AlertView? Find(long id)
    {
        foreach (var cards in _columns.Values)
        {
            if (cards.Find(c => c.Id == id) is { } card)
            {
                return card;
            }
        }
        return null;
    }

    /// <summary>The query for one column: the board's query, and the status.</summary>
    public static AlertQuery ColumnQuery(AlertQuery query, string status)
    {
        var term = new FieldNode(AlertField.Status, status);
        return new AlertQuery(query.Root is null ? term : new AndNode([query.Root, term]));
    }

    public void BeginLoad()
    {
        _loading = true;
        _held.Clear();
    }

    /// <summary>Puts in the loaded columns, then what arrived meanwhile.</summary>
    public void EndLoad(IReadOnlyDictionary<string, IReadOnlyList<AlertView>> columns, Func<AlertView, bool> matches)
    {
        _loading = false;
        _columns.Clear();
        foreach (var (status, cards) in columns)
        {
            _columns[status] = [.. cards.Take(cardsPerColumn)];
        }
        Apply(_held, matches);
        _held.Clear();
        Rebuild();
    }

    public void Apply(IEnumerable<FeedChange> changes, Func<AlertView, bool> matches)
    {
        if (_loading)
        {
            _held.AddRange(changes);
            return;
        }
        foreach (var alert in changes.Select(c => c.Alert))
        {
            if (Find(alert.Id) is { } shown)
            {
                if (shown.Seq > alert.Seq)
                {
                    continue;
                }
                foreach (var cards in _columns.Values)
                {
                    cards.RemoveAll(c => c.Id == alert.Id);
                }
            }
            if (matches(alert))
            {
                Place(alert);
            }
        }
        Rebuild();
    }

    /// <summary>Into its status column by time, newest first; a card older than a full column's last is beyond what the column shows.</summary>
    private void Place(AlertView alert)
    {
        if (!_columns.TryGetValue(alert.Status, out var cards))
        {
            _columns[alert.Status] = cards = [];
        }
        var index = cards.FindIndex(c => c.AlertTime < alert.AlertTime || (c.AlertTime == alert.AlertTime && c.Id < alert.Id));
        if (index < 0)
        {
            if (cards.Count >= cardsPerColumn)
            {
                return;
            }
            index = cards.Count;
        }
        cards.Insert(index, alert);
        if (cards.Count > cardsPerColumn)
        {
            cards.RemoveAt(cards.Count - 1);
        }
    }
}
