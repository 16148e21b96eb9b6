using Microsoft.AspNetCore.Components;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

public partial class AlertGroups
{
    [Inject] private AlertQueries Queries { get; set; } = default!;

    [Inject] private ILogger<AlertGroups> Logger { get; set; } = default!;

    private static readonly (AlertGroupBy By, string Title)[] GroupTitles =
        [(AlertGroupBy.Rule, "Rule"), (AlertGroupBy.Host, "Host"), (AlertGroupBy.User, "User"), (AlertGroupBy.SourceIp, "Source IP")];

    private AlertGroupBy _by = AlertGroupBy.Rule;
    private IReadOnlyList<AlertQueries.Group>? _groups;
    private string? _open;
    private IReadOnlyList<AlertView>? _members;
    private Live.AggregateWatch<IReadOnlyList<AlertQueries.Group>>? _watch;
    private string? _watchedQuery;
    private AlertQuery? _lastQuery;
    private int _generation;
    private bool _disposed;

    [Parameter, EditorRequired] public AlertQuery Query { get; set; } = AlertQuery.All;
    [Parameter, EditorRequired] public Accounts.Actor Actor { get; set; } = default!;
    [Parameter] public EventCallback<string> OnPivot { get; set; }

    /// <summary>Whether the viewer may triage: only then does each group offer its actions.</summary>
    [Parameter] public bool CanTriage { get; set; }

    /// <summary>Acknowledge, close or suppress a whole group.</summary>
    [Parameter] public EventCallback<GroupAction> OnGroupAction { get; set; }

    // The board re-renders (and so sets parameters) on every live frame: only a different query watches anew.
    protected override async Task OnParametersSetAsync()
    {
        // The board passes the same query object until its query changes: no key to build on an ordinary frame.
        if (ReferenceEquals(Query, _lastQuery))
        {
            return;
        }
        _lastQuery = Query;
        var key = AlertQueryKey.Of(Query);
        if (key != _watchedQuery)
        {
            _watchedQuery = key;
            _open = null;
            _members = null;
            await WatchAsync();
        }
    }

    private async Task ChangeByAsync(AlertGroupBy by)
    {
        _by = by;
        _open = null;
        _members = null;
        await WatchAsync();
    }

    /// <summary>Counts come from the process-wide snapshot of this query and grouping, which every circuit showing it shares.</summary>
    private async Task WatchAsync()
    {
        _watch?.Dispose();
        var generation = ++_generation;
        _watch = await Queries.WatchGroupsAsync(Actor, Query, _by, groups => OnSnapshot(generation, groups), CancellationToken.None);
        try
        {
            var first = await _watch.FirstAsync();
            // The watch hands back a newer snapshot when one already arrived through OnSnapshot.
            if (generation == _generation)
            {
                _groups = first;
            }
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Loading the grouped view failed");
            _groups ??= [];
        }
    }

    private void OnSnapshot(int generation, IReadOnlyList<AlertQueries.Group> groups) => _ = InvokeAsync(async () =>
    {
        if (_disposed || generation != _generation)
        {
            return;
        }
        _groups = groups;
        try
        {
            if (_open is not null)
            {
                _members = await Queries.GroupMembersAsync(Actor, Query, _by, _open, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Refreshing the alerts of an open group failed");
        }
        StateHasChanged();
    });

    private async Task ToggleAsync(string? key)
    {
        _open = _open == key ? null : key;
        _members = _open is null ? null : await Queries.GroupMembersAsync(Actor, Query, _by, key, CancellationToken.None);
    }

    public void Dispose()
    {
        _disposed = true;
        _watch?.Dispose();
    }
}
