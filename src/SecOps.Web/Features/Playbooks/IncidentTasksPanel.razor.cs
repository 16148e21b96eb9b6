using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Triage;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// The tasks panel of the incident page. Follows its incident in the change feed (<see cref="IncidentFeed"/>) and re-reads the
/// board when it changes (from this viewer or any other, on any instance), so progress is live for everyone on the page.
/// </summary>
public sealed partial class IncidentTasksPanel : IDisposable
{
    private TaskBoard _board = TaskBoard.Empty;
    private IReadOnlyList<PlaybookSuggestion> _suggestions = [];
    private IReadOnlyList<PlaybookSummary> _others = [];
    private IReadOnlyList<Assignee> _people = [];
    private Actor _actor = Actor.Anonymous;
    private bool _canWrite;
    private bool _denied;

    // Prerendered buttons do nothing until the circuit is up: they are disabled until then, so a click is never lost.
    private bool _interactive;
    private string _chosen = "";
    private IDisposable? _subscription;

    [Parameter, EditorRequired] public long IncidentId { get; set; }

    [Inject] private IncidentTasks Tasks { get; set; } = default!;
    [Inject] private PlaybookRunner Runner { get; set; } = default!;
    [Inject] private PlaybookLibrary Library { get; set; } = default!;
    [Inject] private Live.LiveFeed Feed { get; set; } = default!;
    [Inject] private TriagePeople People { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        _canWrite = _actor.Can(Permission.IncidentsWrite);
        if (_canWrite)
        {
            _people = await People.ListAsync(CancellationToken.None);
        }
        _subscription = Feed.Follow(_actor, _ => false, id =>
        {
            if (id == IncidentId)
            {
                _ = InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); });
            }
        });
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _board = await Tasks.BoardAsync(_actor, IncidentId, CancellationToken.None);
            if (_canWrite)
            {
                _suggestions = await Tasks.SuggestAsync(_actor, IncidentId, CancellationToken.None);
                var taken = _board.Playbooks.Select(p => p.Key).Concat(_suggestions.Select(s => s.Key)).ToHashSet();
                _others = [.. (await Library.ListAsync(_actor, CancellationToken.None)).Where(p => !taken.Contains(p.Key))];
            }
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    private Task AttachAsync(string key) => RunAsync(r => r.AttachAsync(_actor, IncidentId, key, CancellationToken.None));

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

    public void Dispose() => _subscription?.Dispose();
}
