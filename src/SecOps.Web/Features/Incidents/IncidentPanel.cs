using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// A panel of the incident page that reads its own part of the incident (tasks, review, communications). It follows the
/// incident in the change feed (<see cref="IncidentFeed"/>) and re-reads on every committed change, from this viewer or
/// any other, on any instance, so everyone on the page sees the same; a read refused by the permission table shows as
/// <see cref="Denied"/>.
/// </summary>
public abstract class IncidentPanel : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Parameter, EditorRequired] public long IncidentId { get; set; }

    [Inject] private Live.LiveFeed Feed { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected Actor Viewer { get; private set; } = Actor.Anonymous;

    /// <summary>Prerendered controls do nothing until the circuit is up: they stay disabled until then, so a click is never lost.</summary>
    protected bool Interactive { get; private set; }

    protected bool Denied { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        Viewer = Actor.From((await AuthenticationState).User);
        await OnViewerKnownAsync();
        _subscription = Feed.Follow(Viewer, id => id == IncidentId, id =>
        {
            if (id == IncidentId)
            {
                _ = InvokeAsync(async () => { await ReadAsync(); StateHasChanged(); });
            }
        });
    }

    /// <summary>What the panel needs once it knows who is looking (people to pick from, defaults), before its first read.</summary>
    protected virtual Task OnViewerKnownAsync() => Task.CompletedTask;

    protected override Task OnParametersSetAsync() => ReadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            Interactive = true;
            StateHasChanged();
        }
    }

    /// <summary>Reads the panel's part of the incident (again).</summary>
    protected abstract Task LoadAsync();

    protected async Task ReadAsync()
    {
        try
        {
            await LoadAsync();
        }
        catch (AccessDeniedException)
        {
            Denied = true;
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
