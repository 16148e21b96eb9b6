using MudBlazor;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Triage;

/// <summary>Escalation (e, the action bar, the drawer): the action target goes into a new or open incident, then its page opens.</summary>
public sealed partial class TriageBoardPage
{
    private bool CanEscalate => _actor.Can(Permission.IncidentsEscalate);

    private async Task EscalateAsync()
    {
        var target = Target;
        if (!CanEscalate || target.Scope is ActionScope.None or ActionScope.AllMatching || target.Ids.Count == 0)
        {
            if (target.Scope == ActionScope.AllMatching)
            {
                Snackbar.Add("Escalate checked alerts, not every matching one.", MudBlazor.Severity.Info);
            }
            return;
        }
        var parameters = new DialogParameters<EscalateDialog> { { d => d.AlertIds, target.Ids }, { d => d.Actor, _actor } };
        var dialog = await Dialogs.ShowAsync<EscalateDialog>(target.Label("Escalate"), parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: EscalationOutcome outcome })
        {
            return;
        }
        if (target.Scope == ActionScope.Selected)
        {
            _list.ClearChecked();
        }
        var already = outcome.AlreadyLinked > 0 ? $"; {outcome.AlreadyLinked:N0} already in an incident" : "";
        Snackbar.Add($"Escalated {outcome.Linked:N0} alerts to incident #{outcome.IncidentId}{already}.", MudBlazor.Severity.Success);
        Navigation.NavigateTo($"/incidents/{outcome.IncidentId}");
    }
}
