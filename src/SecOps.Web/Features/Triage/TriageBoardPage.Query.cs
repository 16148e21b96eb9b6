using Microsoft.AspNetCore.Components;

namespace SecOps.Web.Features.Triage;

/// <summary>The board's search and order: applying a query or a saved view, pivots, completions, sorting.</summary>
public sealed partial class TriageBoardPage
{
    private async Task SortAsync(AlertSort sort)
    {
        _sort = sort;
        _list.InsertLive = sort == AlertSort.Newest;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("sort", sort == AlertSort.Newest ? null : sort.ToString().ToLowerInvariant()), replace: true);
        await LoadAsync();
        await ScrollToTopAsync();
    }

    private async Task ApplyQueryAsync((AlertQuery Query, string? Text) applied)
    {
        TakeQuery(applied.Query, null);
        _queryText = applied.Text;
        // The URL carries the view, so it can be shared and survives a reload.
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("q", string.IsNullOrWhiteSpace(_queryText) ? null : _queryText), replace: true);
        await LoadAsync();
        await ScrollToTopAsync();
    }

    private async Task OpenViewAsync(string text)
    {
        if (AlertQueryParser.Parse(text, Time).Query is { } query)
        {
            await ApplyQueryAsync((query, text));
        }
    }

    /// <summary>Completions from what the board has loaded: cheap, and what the analyst is looking at.</summary>
    private IReadOnlyList<string> KnownValues(AlertField field) => field switch
    {
        AlertField.Host => Distinct(a => a.HostName),
        AlertField.User => Distinct(a => a.UserName),
        AlertField.SourceIp => Distinct(a => a.SourceIp),
        AlertField.Rule => Distinct(a => a.RuleName),
        AlertField.Tactic => Distinct(a => a.MitreTactic),
        AlertField.Assignee => Distinct(a => a.Assignee),
        _ => [],
    };

    private IReadOnlyList<string> Distinct(Func<Alerts.AlertView, string?> value) =>
        _list.Rows.Select(value).OfType<string>().Distinct().Order().Take(50).ToList();

    /// <summary>Narrows the search to a value (from the drawer or a group) and shows the list.</summary>
    private async Task PivotAsync(string term)
    {
        var (query, text, error) = QueryPivot.Apply(_queryText, term, Time);
        if (query is null)
        {
            // Most often the search holds a query still being typed that does not parse yet: say so in the search.
            _queryError = error;
            return;
        }
        _view = BoardView.List;
        await ApplyQueryAsync((query, text));
    }
}
