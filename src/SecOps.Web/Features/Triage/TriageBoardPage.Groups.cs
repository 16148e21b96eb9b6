using MudBlazor;

namespace SecOps.Web.Features.Triage;

/// <summary>Actions on a whole group of the grouped view: the board's search narrowed to the group's value, counted as the group is.</summary>
public sealed partial class TriageBoardPage
{
    private async Task ActOnGroupAsync(GroupAction group)
    {
        if (!_canTriage)
        {
            return;
        }
        var target = BulkTarget.InGroup(_query, group.By, group.Key);
        if (group.Action is not { } action)
        {
            await SuppressGroupAsync(group, target);
            return;
        }
        if (await AskAsync(action, group.Count) is not { } answer)
        {
            return;
        }
        await RunAsync(async () => Report(action, await Triage.BulkAsync(_actor, target, action, answer.Reason, answer.Comment, CancellationToken.None)));
    }

    private async Task SuppressGroupAsync(GroupAction group, BulkTarget target)
    {
        var parameters = new DialogParameters<SuppressGroupDialog> { { d => d.By, group.By }, { d => d.Key, group.Key }, { d => d.Count, group.Count } };
        var dialog = await Dialogs.ShowAsync<SuppressGroupDialog>($"Suppress {group.Key}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: SuppressGroupDialog.Result answer })
        {
            return;
        }
        await RunAsync(async () =>
        {
            await Suppressions.CreateAsync(_actor, answer.Draft, CancellationToken.None);
            var closed = answer.CloseExisting
                ? await Triage.BulkAsync(_actor, target, TriageAction.Close, Alerts.CloseReason.Benign, "Suppressed: " + answer.Draft.Reason.Trim(), CancellationToken.None)
                : null;
            Snackbar.Add($"New alerts of {group.Key} are {(answer.Draft.AutoClose ? "closed as benign" : "kept out of the queue")} for {answer.Draft.Lifetime.TotalDays:0} days"
                + (closed is null ? "." : $"; {closed.Changed:N0} closed now."), MudBlazor.Severity.Success);
        });
    }
}
