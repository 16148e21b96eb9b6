using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;

namespace SecOps.Web.Features.Teams;

/// <summary>The administrators' teams page: every team with its members and incident count; create, rename, change members, delete.</summary>
public sealed partial class TeamsPage
{
    private Actor _actor = Actor.Anonymous;
    private IReadOnlyList<TeamView>? _teams;
    private IReadOnlyDictionary<int, int> _incidents = new Dictionary<int, int>();
    private IReadOnlyList<TeamCandidate> _candidates = [];
    private Dictionary<string, TeamCandidate> _candidatesById = [];
    private AdminResult? _result;
    private bool _denied;
    private bool _busy;
    private bool _interactive;
    private string _newName = "";
    private int? _renaming;
    private string _renameTo = "";
    private bool _focusRename;
    private ElementReference _renameInput;
    private int? _confirmingDelete;

    [Inject] private Teams Teams { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        await LoadAsync();
    }

    // Marks the page once the circuit is up (after prerendering), so a test knows the buttons answer.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
        if (_focusRename)
        {
            _focusRename = false;
            await _renameInput.FocusAsync();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _teams = await Teams.ListAsync(_actor, CancellationToken.None);
            _incidents = await Teams.IncidentCountsAsync(_actor, CancellationToken.None);
            _candidates = await Teams.CandidatesAsync(_actor, CancellationToken.None);
            _candidatesById = _candidates.ToDictionary(c => c.Id);
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    /// <summary>A member as the picker names them (display name), so the list and the suggestions agree.</summary>
    private string NameOf(TeamPerson member) => _candidatesById.TryGetValue(member.Id, out var c) ? c.Name : member.Name;

    private string? EmailOf(TeamPerson member) => _candidatesById.TryGetValue(member.Id, out var c) ? c.Email : null;

    private async Task CreateAsync()
    {
        var name = _newName;
        if (await RunAsync(a => Teams.CreateAsync(a, name, default), $"Team {name.Trim()} created."))
        {
            _newName = "";
        }
    }

    private void StartRename(TeamView team)
    {
        (_renaming, _renameTo, _focusRename, _confirmingDelete) = (team.Id, team.Name, true, null);
    }

    private void CancelRename() => _renaming = null;

    private void RenameKey(KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            CancelRename();
        }
    }

    private async Task RenameAsync(TeamView team)
    {
        var name = _renameTo;
        if (await RunAsync(a => Teams.RenameAsync(a, team.Id, name, default), $"{team.Name} renamed."))
        {
            _renaming = null;
        }
    }

    private Task AddMemberAsync(TeamView team, string userId) =>
        RunAsync(a => Teams.AddMemberAsync(a, team.Id, userId, default),
            $"{_candidates.FirstOrDefault(c => c.Id == userId)?.Name ?? "The person"} added to {team.Name}.");

    private Task RemoveMemberAsync(TeamView team, TeamPerson member) =>
        RunAsync(a => Teams.RemoveMemberAsync(a, team.Id, member.Id, default), $"{NameOf(member)} removed from {team.Name}.");

    /// <summary>Asks first; a team with incidents is refused by the service straight away (with how many), nothing to confirm.</summary>
    private async Task AskDeleteAsync(TeamView team, int incidents)
    {
        _renaming = null;
        if (incidents > 0)
        {
            await DeleteAsync(team);
            return;
        }
        _confirmingDelete = team.Id;
    }

    private async Task DeleteAsync(TeamView team)
    {
        _confirmingDelete = null;
        await RunAsync(a => Teams.DeleteAsync(a, team.Id, default), $"Team {team.Name} deleted.");
    }

    private async Task<bool> RunAsync(Func<Actor, Task<Teams.Outcome>> action, string done)
    {
        _busy = true;
        var succeeded = false;
        try
        {
            var outcome = await action(_actor);
            succeeded = outcome.Succeeded;
            _result = succeeded ? new(AdminOutcome.Applied, done) : new(AdminOutcome.Failed, outcome.Error ?? "That did not work.");
        }
        catch (AccessDeniedException)
        {
            _result = new(AdminOutcome.Refused, "Your role cannot manage teams.");
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync();
        return succeeded;
    }
}
