using System.Globalization;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The board's totals (the store's counts for the query, kept current by live changes, see <see cref="BoardTotals"/>),
/// and a query that cannot run: its error shows in the search and the board shows nothing, as the API answers 400.
/// </summary>
public sealed partial class TriageBoardPage
{
    private readonly BoardTotals _totals = new();
    private AlertKanban? _kanban;

    /// <summary>True while the search holds a query that cannot run (a syntax error in the URL, <c>assignee:me</c> without a person).</summary>
    private bool _queryBroken;

    /// <summary>How many alerts match the board's query in the store (null until counted); for "all N matching".</summary>
    public int? Total => _totals.Total;

    /// <summary>"50 of 12,345": loaded rows of the store's total.</summary>
    private string CountLabel => _totals.Total is { } total
        ? string.Create(CultureInfo.InvariantCulture, $"{_list.Rows.Count:N0} of {total:N0}")
        : string.Create(CultureInfo.InvariantCulture, $"{_list.Rows.Count:N0} of …");

    /// <summary>The query to show, resolved for the analyst (<c>assignee:me</c>); false with the error shown when it cannot run.</summary>
    private bool TakeQuery(AlertQuery? parsed, QueryError? error)
    {
        if (parsed is { } valid)
        {
            (parsed, error) = AlertQueryPeople.Resolve(valid, _actor);
        }
        _queryBroken = parsed is null;
        // The time range is ANDed to a valid search; a broken one matches nothing, whatever the range.
        _query = parsed is null ? WithinRange(AlertQuery.None) : WithinRange(parsed);
        _queryError = error?.Describe();
        return !_queryBroken;
    }

    /// <summary>Shows nothing for a query that cannot run: no rows, no live arrivals, totals of zero.</summary>
    private void ShowNothing()
    {
        _list.Reset([]);
        _list.OlderCursor = null;
        _totals.ShowNone();
        _loading = false;
    }

    private bool Belongs(AlertView alert) => !_queryBroken && AlertQueryMatcher.Matches(_query, alert, Time);

    private Task WatchTotalsAsync() =>
        _totals.WatchAsync(Queries, _actor, _query, InvokeAsync, StateHasChanged);

    /// <summary>Live changes move the totals (before the rows take them, so the version the board held is still known) and the kanban's cards.</summary>
    private void ApplyToTotals(IReadOnlyList<FeedChange> changes, bool bulk)
    {
        _totals.Apply(changes, Belongs, id => _list.Find(id) ?? _kanban?.Find(id));
        _kanban?.Apply(changes, bulk);
    }
}
