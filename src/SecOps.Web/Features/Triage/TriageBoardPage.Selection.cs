using MudBlazor;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Selecting many: the header checkbox checks every row shown (the loaded page), then the action bar offers "Select all N
/// matching", after which actions run over the whole filter (<see cref="BulkTarget.Matching"/>) rather than the ids.
/// </summary>
public sealed partial class TriageBoardPage
{
    /// <summary>The store's count for the query when all matching was chosen, and that query: a new search drops it.</summary>
    private (int Total, AlertQuery Query)? _allMatching;

    /// <summary>How many alerts the current query matches, read when the header checkbox checks the page.</summary>
    private (int Total, AlertQuery Query)? _matchingTotal;

    private bool AllMatchingSelected => _allMatching is { } all && ReferenceEquals(all.Query, _query) && _list.Checked.Count > 0;

    /// <summary>The header checkbox: true when every shown row is checked, null when some are.</summary>
    private bool? ShownChecked
    {
        get
        {
            var shown = _list.Visible;
            var count = shown.Count(r => _list.Checked.Contains(r.Id));
            return count == 0 ? false : count == shown.Count ? true : null;
        }
    }

    /// <summary>"Select all N matching" is offered once the whole page is checked and more alerts match than it holds.</summary>
    private int? SelectAllOffer =>
        !AllMatchingSelected && ShownChecked == true && _matchingTotal is { } total && ReferenceEquals(total.Query, _query) && total.Total > _list.Checked.Count
            ? total.Total : null;

    private async Task ToggleShownAsync()
    {
        FocusList();
        _allMatching = null;
        if (ShownChecked == true)
        {
            _list.ClearChecked();
            return;
        }
        foreach (var row in _list.Visible.Where(r => !_list.Checked.Contains(r.Id)))
        {
            _list.ToggleChecked(row.Id);
        }
        // Seam: the board's own store total for the current query (issue #14's counts) can stand in for this count.
        _matchingTotal = (await Queries.CountAsync(_actor, _query, CancellationToken.None), _query);
    }

    private void SelectAllMatching()
    {
        if (SelectAllOffer is { } total)
        {
            _allMatching = (total, _query);
        }
    }

    private void ClearSelection()
    {
        _allMatching = null;
        _list.ClearChecked();
    }

    /// <summary>An action over every alert matching the search: confirmed with its count, run by filter in the store.</summary>
    private async Task ActOnAllMatchingTargetAsync(TriageAction action, int total)
    {
        Assignee? assignTo = null;
        CloseAlertsDialog.Result? answer = null;
        if (action == TriageAction.Assign)
        {
            var dialog = await Dialogs.ShowAsync<AssignDialog>("Assign alerts", new DialogParameters<AssignDialog> { { d => d.Count, total } },
                new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
            if (await dialog.Result is not { Canceled: false, Data: Assignee chosen })
            {
                return;
            }
            assignTo = chosen;
        }
        else if ((answer = await AskAsync(action, total)) is null)
        {
            return;
        }
        var query = _query;
        await RunAsync(async () =>
        {
            Report(action, await Triage.BulkAsync(_actor, BulkTarget.Matching(query), action,
                action == TriageAction.Close ? answer?.Reason : null, answer?.Comment, CancellationToken.None, assignTo));
            ClearSelection();
        });
    }
}
