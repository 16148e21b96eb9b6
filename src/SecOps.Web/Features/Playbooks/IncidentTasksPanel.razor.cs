using Microsoft.AspNetCore.Components;
using MudBlazor;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Triage;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// The tasks panel of the incident page. Follows its incident in the change feed (<see cref="IncidentFeed"/>) and re-reads the
/// board when it changes (from this viewer or any other, on any instance), so progress is live for everyone on the page.
/// </summary>
public sealed partial class IncidentTasksPanel
{
    private TaskBoard _board = TaskBoard.Empty;
    private IReadOnlyList<PlaybookSuggestion> _suggestions = [];
    private IReadOnlyList<PlaybookSummary> _others = [];
    private IReadOnlyList<Assignee> _people = [];
    private bool _canWrite;
    private string _chosen = "";

    /// <summary>The incident's evidence files, for steps that require one (the page lists them and re-reads them on upload).</summary>
    [Parameter] public IReadOnlyList<Evidence.EvidenceView> EvidenceFiles { get; set; } = [];

    [Inject] private IncidentTasks Tasks { get; set; } = default!;
    [Inject] private PlaybookRunner Runner { get; set; } = default!;
    [Inject] private PlaybookLibrary Library { get; set; } = default!;
    [Inject] private TriagePeople People { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnViewerKnownAsync()
    {
        _canWrite = Viewer.Can(Permission.IncidentsWrite);
        if (_canWrite)
        {
            _people = await People.ListAsync(CancellationToken.None);
        }
    }

    protected override async Task LoadAsync()
    {
        _board = await Tasks.BoardAsync(Viewer, IncidentId, CancellationToken.None);
        if (_canWrite)
        {
            _suggestions = await Tasks.SuggestAsync(Viewer, IncidentId, CancellationToken.None);
            var taken = _board.Playbooks.Select(p => p.Key).Concat(_suggestions.Select(s => s.Key)).ToHashSet();
            _others = [.. (await Library.ListAsync(Viewer, CancellationToken.None)).Where(p => !taken.Contains(p.Key))];
        }
    }

    private Task AttachAsync(string key) => RunAsync(r => r.AttachAsync(Viewer, IncidentId, key, CancellationToken.None));

    private async Task RunAsync(Func<PlaybookRunner, Task<TaskOutcome>> change)
    {
        var outcome = await change(Runner);
        if (!outcome.Succeeded)
        {
            Snackbar.Add(outcome.Error!, MudBlazor.Severity.Warning);
        }
        _chosen = "";
        await LoadAsync();
    }

}
