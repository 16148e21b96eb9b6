using Microsoft.JSInterop;
using MudBlazor;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>Triage actions and keyboard shortcuts of the board.</summary>
public sealed partial class TriageBoardPage
{
    [JSInvokable]
    public Task OnShortcut(string key) => InvokeAsync(async () =>
    {
        switch (key)
        {
            case "j": Move(1); break;
            case "k": Move(-1); break;
            case "x" when _list.Cursor is { } id: FocusList(); _allMatching = null; _list.ToggleChecked(id); break;
            case "a": await ActOnTargetsAsync(TriageAction.Acknowledge); break;
            case "s": await ActOnTargetsAsync(TriageAction.Start); break;
            case "c": await ActOnTargetsAsync(TriageAction.Claim); break;
            case "d": await ActOnTargetsAsync(TriageAction.Close); break;
            case "n": await OpenNoteAsync(); break;
            case "e": await EscalateAsync(); break;
            case "Enter" when _list.Cursor is { } id: await OpenDetailAsync(id); break;
            case "Escape": CloseDetail(); break;
            case "?": await ShowShortcutsAsync(); break;
            default: return;
        }
        StateHasChanged();
    });

    private void Move(int delta)
    {
        FocusList();
        _list.MoveCursor(delta);
        if (_listView is not null && _list.CursorIndex >= 0)
        {
            _ = _listView.ScrollIntoViewAsync(_list.CursorIndex);
        }
        if (_detail is not null && _list.Cursor is { } id)
        {
            _ = InvokeAsync(async () => { await OpenDetailAsync(id); StateHasChanged(); });
        }
    }

    private async Task ActOnTargetsAsync(TriageAction action)
    {
        var target = Target;
        var targets = target.Ids;
        if (_canTriage && target.Scope == ActionScope.AllMatching)
        {
            await ActOnAllMatchingTargetAsync(action, target.Count);
            return;
        }
        if (!_canTriage || targets.Count == 0)
        {
            return;
        }
        CloseReason? reason = null;
        string? comment = null;
        Assignee? assignTo = null;
        if (action == TriageAction.Assign)
        {
            var dialog = await Dialogs.ShowAsync<AssignDialog>("Assign alerts", new DialogParameters<AssignDialog> { { d => d.Count, targets.Count } },
                new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
            if (await dialog.Result is not { Canceled: false, Data: Assignee chosen })
            {
                return;
            }
            assignTo = chosen;
        }
        if (action == TriageAction.Close)
        {
            if (await AskAsync(action, targets.Count) is not { } answer)
            {
                return;
            }
            (reason, comment) = (answer.Reason, answer.Comment);
        }
        await RunAsync(async () =>
        {
            if (targets.Count == 1)
            {
                var outcome = await Triage.ApplyAsync(_actor, targets[0], action, reason, comment, CancellationToken.None, assignTo);
                Snackbar.Add(outcome.Succeeded ? $"{Past(action)}." : outcome.Error!, outcome.Succeeded ? MudBlazor.Severity.Success : MudBlazor.Severity.Warning);
                return;
            }
            var bulk = await Triage.BulkAsync(_actor, BulkTarget.Selection(targets), action, reason, comment, CancellationToken.None, assignTo);
            Report(action, bulk);
            if (target.Scope == ActionScope.Selected)
            {
                _list.ClearChecked();
            }
        });
    }

    private async Task ActOnAllMatchingAsync(TriageAction action)
    {
        var count = await Queries.CountAsync(_actor, _query, CancellationToken.None);
        if (count == 0)
        {
            Snackbar.Add("No alerts match the search.", MudBlazor.Severity.Info);
            return;
        }
        if (await AskAsync(action, count) is not { } answer)
        {
            return;
        }
        await RunAsync(async () => Report(action, await Triage.BulkAsync(_actor, BulkTarget.Matching(_query), action, answer.Reason, answer.Comment, CancellationToken.None)));
    }

    /// <summary>Moves an alert to a kanban column: the transition that leads into that status.</summary>
    private async Task MoveAsync((long AlertId, AlertStatus To) move)
    {
        var action = move.To switch
        {
            AlertStatus.Acknowledged => TriageAction.Acknowledge,
            AlertStatus.InProgress => TriageAction.Start,
            AlertStatus.Closed => TriageAction.Close,
            _ => (TriageAction?)null,
        };
        if (action is null)
        {
            Snackbar.Add("An alert cannot be reopened from the board.", MudBlazor.Severity.Warning);
            return;
        }
        FocusList();
        _list.SetCursor(move.AlertId);
        _list.ClearChecked();
        await ActOnTargetsAsync(action.Value);
    }

    private async Task SuppressSimilarAsync()
    {
        if (_detail is null)
        {
            return;
        }
        // The dialog creates the rule (and closes the stored matches when asked) through the suppression service.
        var parameters = new DialogParameters<Suppression.SuppressDialog> { { d => d.Alert, _detail.Alert }, { d => d.Actor, _actor } };
        var dialog = await Dialogs.ShowAsync<Suppression.SuppressDialog>("Suppress similar alerts", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Suppression.SuppressionMatches.Outcome outcome })
        {
            Snackbar.Add(outcome.Describe(), MudBlazor.Severity.Success);
        }
    }

    private async Task<CloseAlertsDialog.Result?> AskAsync(TriageAction action, int count)
    {
        var parameters = new DialogParameters<CloseAlertsDialog> { { d => d.Action, action }, { d => d.Count, count } };
        var title = CloseAlertsDialog.Title(action, count);
        var dialog = await Dialogs.ShowAsync<CloseAlertsDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: CloseAlertsDialog.Result answer } ? answer : null;
    }

    private async Task RunAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (AccessDeniedException)
        {
            Snackbar.Add("Your role cannot triage alerts.", MudBlazor.Severity.Error);
        }
    }

    private void Report(TriageAction action, BulkOutcome outcome) =>
        Snackbar.Add($"{Past(action)} {outcome.Changed:N0} alerts" + (outcome.Unchanged > 0 ? $"; {outcome.Unchanged:N0} unchanged (the action did not apply)." : "."),
            MudBlazor.Severity.Success);

    private static string Past(TriageAction action) => action switch
    {
        TriageAction.Acknowledge => "Acknowledged",
        TriageAction.Start => "Started",
        TriageAction.Claim => "Claimed",
        TriageAction.Assign => "Assigned",
        _ => "Closed",
    };

    private Task ShowShortcutsAsync() =>
        Dialogs.ShowAsync<ShortcutsDialog>("Keyboard shortcuts", new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, CloseOnEscapeKey = true });
}
