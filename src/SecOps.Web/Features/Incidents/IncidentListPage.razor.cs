using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using SecOps.Web.Features.Regulatory;
using SecOps.Web.Features.Sla;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// The incident list: filters, sort, paging by "Load more", live. Any change the viewer may see re-reads it as far as it
/// was loaded; a deletion drops its row; a task change of a listed incident re-reads it (its overdue follow-ups may have moved).
/// </summary>
public sealed partial class IncidentListPage
{
    [Inject] private IncidentQueries Queries { get; set; } = default!;
    [Inject] private Live.LiveFeed Feed { get; set; } = default!;
    [Inject] private Teams.Teams Teams { get; set; } = default!;
    [Inject] private SlaClock SlaClocks { get; set; } = default!;
    [Inject] private RegulatoryClock RegulatoryClocks { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private IncidentFilter _filter = new();
    private List<IncidentView>? _incidents;
    private string? _nextCursor;
    private bool _loadingMore;
    private bool _denied;
    private bool _interactive;
    private IDisposable? _subscription;
    private IDisposable? _taskSubscription;
    private IJSObjectReference? _clocks;
    private DateTimeOffset _now;
    private Accounts.Actor _actor = Accounts.Actor.Anonymous;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>A title search from the address (<c>/incidents?q=payroll</c>), so a search can be linked.</summary>
    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _actor = Accounts.Actor.From((await AuthenticationState).User);
        _filter = _filter with { Text = string.IsNullOrWhiteSpace(Query) ? null : Query };
        // Any change the viewer may see (or of an incident listed now) re-reads the list as far as it was loaded: incidents change at human pace.
        // A deletion drops its row at once.
        _subscription = Feed.Follow(_actor, Shows, _ => InvokeAsync(ReloadAsync),
            deleted => InvokeAsync(() => { if (_incidents?.RemoveAll(i => i.Id == deleted) > 0) { StateHasChanged(); } }));
        // A follow-up worked, or marked overdue by the reminder, changes the overdue count of an incident shown.
        _taskSubscription = Feed.SubscribeTasks(change =>
        {
            if (Shows(change.Task.IncidentId))
            {
                ThreadPool.QueueUserWorkItem(_ => InvokeAsync(ReloadAsync));
            }
        });
        await LoadAsync();
    }

    private bool Shows(long id) => _incidents?.Any(i => i.Id == id) == true;

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task FilterAsync(IncidentFilter filter)
    {
        _filter = filter;
        // Other filters: start again from the first page.
        _incidents = null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            // As many as are shown now (at least a page), so a live re-read never shortens what the viewer scrolled to.
            var size = Math.Max(IncidentQueries.PageSize, _incidents?.Count ?? 0);
            var page = await Queries.PageAsync(_actor, _filter, Math.Min(size, IncidentQueries.MaxApiPageSize), null, CancellationToken.None);
            (_incidents, _nextCursor) = ([.. page.Items], page.NextCursor);
            _now = Time.GetUtcNow();
        }
        catch (Accounts.AccessDeniedException)
        {
            _denied = true;
        }
    }

    private async Task LoadMoreAsync()
    {
        if (_nextCursor is null || _incidents is null)
        {
            return;
        }
        _loadingMore = true;
        try
        {
            var page = await Queries.PageAsync(_actor, _filter, IncidentQueries.PageSize, _nextCursor, CancellationToken.None);
            _incidents.AddRange(page.Items.Where(i => _incidents.All(shown => shown.Id != i.Id)));
            _nextCursor = page.NextCursor;
        }
        finally
        {
            _loadingMore = false;
        }
    }

    private async Task MyTeamsAsync(bool on) =>
        await FilterAsync(_filter with { TeamIds = on ? await Teams.OfAsync(_actor.PersonId, CancellationToken.None) : null });

    private static T? Parse<T>(object? value) where T : struct, Enum => Enum.TryParse<T>(value as string, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // SLA countdowns tick in the browser (clocks.js), as on the board.
            _clocks = await JS.InvokeAsync<IJSObjectReference>("import", "./js/clocks.js");
            await _clocks.InvokeVoidAsync("startClocks");
            // Live from here on (the prerendered table is not): tests and tools wait for it.
            _interactive = true;
            StateHasChanged();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _taskSubscription?.Dispose();
        if (_clocks is not null)
        {
            try
            {
                await _clocks.InvokeVoidAsync("stopClocks");
                await _clocks.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the page's timer with it.
            }
        }
    }
}
