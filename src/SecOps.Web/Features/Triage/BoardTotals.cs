using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The store's totals for the board's query, per status: a shared count (<see cref="AlertQueries.WatchCountsAsync"/>,
/// re-counted at most once per aggregate interval) plus what live changes newer than that count did since: a new
/// matching alert adds one at once, a known alert leaving or entering the query moves one. Changes the board cannot
/// judge (an unknown alert updated, a bulk change) wait for the next count. Not thread-safe: the board calls it from
/// its dispatcher.
/// </summary>
public sealed class BoardTotals : IDisposable
{
    private readonly List<(long Seq, AlertStatus Status, int Delta)> _live = [];
    private AlertQueries.StatusCounts? _counted;
    private AggregateWatch<AlertQueries.StatusCounts>? _watch;
    private string? _key;
    private int _generation;

    /// <summary>Every alert the query matches (null until the first count is in).</summary>
    public int? Total => _counted is null ? null : Math.Max(0, _counted.Total + _live.Sum(d => d.Delta));

    /// <summary>The alerts the query matches in one status (a kanban column).</summary>
    public int? Of(AlertStatus status) =>
        _counted is null ? null : Math.Max(0, _counted.Of(status) + _live.Where(d => d.Status == status).Sum(d => d.Delta));

    /// <summary>
    /// Counts for <paramref name="query"/> (already resolved for the actor). <paramref name="dispatch"/> runs a later
    /// count's update on the board's dispatcher, then <paramref name="changed"/> re-renders. The same query keeps its watch.
    /// </summary>
    public async Task WatchAsync(AlertQueries queries, Actor actor, AlertQuery query, Func<Action, Task> dispatch, Action changed)
    {
        var key = AlertQueryKey.Of(query);
        if (key == _key && _watch is not null)
        {
            return;
        }
        _watch?.Dispose();
        _watch = null;
        _key = key;
        _counted = null;
        _live.Clear();
        var generation = ++_generation;
        _watch = await queries.WatchCountsAsync(actor, query, counts => _ = dispatch(() =>
        {
            if (generation == _generation)
            {
                Take(counts);
                changed();
            }
        }), CancellationToken.None);
        var first = await _watch.FirstAsync();
        if (generation == _generation)
        {
            Take(first);
        }
    }

    /// <summary>A query that cannot run shows nothing, and counts nothing.</summary>
    public void ShowNone()
    {
        _watch?.Dispose();
        _watch = null;
        _key = null;
        _generation++;
        _live.Clear();
        _counted = AlertQueries.StatusCounts.None;
    }

    /// <summary>A newer count replaces the last one; live changes it already holds stop counting.</summary>
    public void Take(AlertQueries.StatusCounts counts)
    {
        if (_counted is not null && counts.Seq < _counted.Seq)
        {
            return;
        }
        _counted = counts;
        _live.RemoveAll(d => d.Seq <= counts.Seq);
    }

    /// <summary>
    /// Live changes, before the board applies them: <paramref name="known"/> gives the version the board holds of an
    /// alert (to tell whether it matched before), <paramref name="matches"/> the board's query.
    /// </summary>
    public void Apply(IEnumerable<FeedChange> changes, Func<AlertView, bool> matches, Func<long, AlertView?> known)
    {
        if (ReferenceEquals(_counted, AlertQueries.StatusCounts.None))
        {
            return;
        }
        foreach (var change in changes)
        {
            if (_counted is not null && change.Seq <= _counted.Seq)
            {
                continue;
            }
            var now = matches(change.Alert);
            if (known(change.Alert.Id) is { } before)
            {
                if (before.Seq >= change.Seq)
                {
                    continue;
                }
                if (matches(before))
                {
                    Add(change.Seq, before, -1);
                }
                if (now)
                {
                    Add(change.Seq, change.Alert, 1);
                }
            }
            else if (change.Kind == ChangeKind.AlertCreated && now)
            {
                Add(change.Seq, change.Alert, 1);
            }
        }
    }

    private void Add(long seq, AlertView alert, int delta)
    {
        if (AlertVocabulary.TryParseStatus(alert.Status, out var status))
        {
            _live.Add((seq, status, delta));
        }
    }

    public void Dispose()
    {
        _generation++;
        _watch?.Dispose();
    }
}
