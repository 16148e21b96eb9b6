using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Automation;

/// <summary>
/// <c>/admin/automation</c>: every rule in force (configured ones read-only), a form to create or change a stored rule,
/// deleting one, and the latest firings of every instance (<see cref="AutomationFiringList"/>, kept current while open).
/// </summary>
public sealed partial class AutomationPage
{
    private Actor _actor = Actor.Anonymous;
    private IReadOnlyList<AutomationRuleEntry>? _rules;
    private IReadOnlyList<PlaybookSummary> _playbooks = [];
    private Editing? _editing;
    private int _editingKey;
    private long? _confirmingDelete;
    private AdminResult? _result;
    private bool _denied;
    private bool _busy;
    private bool _interactive;

    [Inject] private AutomationRules Rules { get; set; } = default!;
    [Inject] private PlaybookLibrary Library { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        await LoadAsync();
    }

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
            _rules = await Rules.ListAsync(_actor, CancellationToken.None);
            _playbooks = _actor.Can(Permission.PlaybooksRead) ? await Library.ListAsync(_actor, CancellationToken.None) : [];
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    /// <summary>The form open: a stored rule's id and rule, or neither for a new one.</summary>
    private sealed record Editing(long? Id, AutomationRule? Rule);

    private void New() => Open(new Editing(null, null));

    private void Edit(AutomationRuleEntry entry) => Open(new Editing(entry.Id, entry.Rule));

    private void Open(Editing editing)
    {
        _editing = editing;
        // A new key per opening, so the form starts from the rule (or blank) each time.
        _editingKey++;
        _result = null;
    }

    private Task SaveAsync(AutomationRule rule) => ActAsync(async () =>
    {
        _result = await Rules.SaveAsync(_actor, _editing?.Id, rule, CancellationToken.None);
        if (_result.Done)
        {
            _editing = null;
        }
    });

    private Task DeleteAsync(long id) => ActAsync(async () =>
    {
        _result = await Rules.DeleteAsync(_actor, id, CancellationToken.None);
        _confirmingDelete = null;
    });

    private async Task ActAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (AccessDeniedException)
        {
            _result = new(AdminOutcome.Refused, "Your role cannot manage automation.");
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync();
    }

    private static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";
}
