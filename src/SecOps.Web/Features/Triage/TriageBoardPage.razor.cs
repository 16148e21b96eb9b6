using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The live queue. Changes arrive from the live feed in frames and go through <see cref="BoardList"/>, which
/// keeps the analyst's place; a bulk change reloads the shown rows in place. Actions are in the
/// <c>.Actions</c> part, keyboard shortcuts arrive from the browser module.
/// </summary>
public sealed partial class TriageBoardPage
{
    public const float RowHeight = 44;

    /// <summary>Rows fetched at a time; more come as the analyst scrolls down, so a circuit holds what is looked at.</summary>
    public const int PageSize = 200;

    private readonly BoardList _list = new();
    private AlertQuery _query = AlertQuery.All;
    private string? _queryText;
    private string? _queryError;
    private bool _loading = true;
    private string? _loadError;
    private BoardView _view = BoardView.List;
    private AlertSort _sort = AlertSort.Newest;
    private AlertDetail? _detail;
    private DateTimeOffset _now;
    private Actor _actor = Actor.Anonymous;
    private bool _canTriage;
    private ElementReference _listElement;
    private IJSObjectReference? _module;
    private DotNetObjectReference<TriageBoardPage>? _self;
    private readonly List<IDisposable> _subscriptions = [];
    private FrameCoalescer<object>? _frames;
    private Presence.PresenceTracker.View? _presence;
    private IReadOnlySet<string> _columns = Views.BoardColumns.Optional.ToHashSet();

    private (IReadOnlySet<string> Columns, bool Narrow, IReadOnlySet<string> Shown)? _shownColumns;

    /// <summary>With the drawer open the list keeps what triage needs; the analyst's other columns come back when it closes.</summary>
    private IReadOnlySet<string> ShownColumns
    {
        get
        {
            var narrow = _detail is not null;
            if (_shownColumns is not { } cached || cached.Columns != _columns || cached.Narrow != narrow)
            {
                _shownColumns = cached = (_columns, narrow, narrow ? _columns.Intersect(["sla", "age"]).ToHashSet() : _columns);
            }
            return cached.Shown;
        }
    }

    private AlertRowModel RowModel(Alerts.AlertView alert) => new(
        alert, Clock.Evaluate(alert, _now), ShownColumns, alert.Id == _list.Cursor, _list.Checked.Contains(alert.Id),
        _list.RepeatsOf(alert), Presence.Viewers(alert.Id, _presence));

    /// <summary>Someone entered or left an alert: rows re-render their viewers with the next frame.</summary>
    private sealed record PresenceChanged(long AlertId);

    [Inject] private AlertQueries Queries { get; set; } = default!;
    [Inject] private AlertTriage Triage { get; set; } = default!;
    [Inject] private Suppression.Suppressions Suppressions { get; set; } = default!;
    [Inject] private Presence.PresenceTracker Presence { get; set; } = default!;
    [Inject] private Views.BoardViews BoardViews { get; set; } = default!;
    [Inject] private LiveFeed Feed { get; set; } = default!;
    [Inject] private IOptions<LiveOptions> LiveOptions { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private Sla.SlaClock Clock { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")] private string? InitialQuery { get; set; }

    [SupplyParameterFromQuery(Name = "sort")] private string? InitialSort { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        _canTriage = _actor.Can(Permission.AlertsTriage);
        _queryText = InitialQuery;
        if (Enum.TryParse<AlertSort>(InitialSort, ignoreCase: true, out var sort) && Enum.IsDefined(sort))
        {
            _sort = sort;
            _list.InsertLive = sort == AlertSort.Newest;
        }
        _now = Time.GetUtcNow();
        // Subscribe before loading, so nothing committed between the load and the subscription is missed;
        // repeats are merged by id.
        _frames = new FrameCoalescer<object>(LiveOptions.Value.FrameInterval, items => InvokeAsync(() => ApplyFrameAsync(items)), Time);
        _subscriptions.Add(Feed.Subscribe(_frames.AddRange));
        _subscriptions.Add(Feed.SubscribeBulk(_frames.Add));
        _subscriptions.Add(Presence.Subscribe(id => _frames.Add(new PresenceChanged(id))));
        var (parsed, error) = AlertQueryParser.Parse(_queryText, Time);
        _query = parsed ?? AlertQuery.All;
        _queryError = error?.Describe();
        _columns = await BoardViews.ColumnsAsync(_actor, CancellationToken.None) ?? _columns;
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/board.js");
            await _module.InvokeVoidAsync("attach", _listElement, _self);
        }
    }

    [JSInvokable]
    public Task OnScrollStateChanged(bool atTop) => InvokeAsync(() =>
    {
        _list.AtTop = atTop;
        if (atTop && _list.PendingCount > 0)
        {
            _list.ShowPending();
            StateHasChanged();
        }
    });

    [JSInvokable]
    public Task OnNearBottom() => InvokeAsync(async () =>
    {
        if (_list.OlderCursor is not { } cursor || _loading)
        {
            return;
        }
        var page = await Queries.ListAsync(_actor, _query, PageSize, cursor, CancellationToken.None, _sort);
        _list.AppendOlder(page.Items);
        _list.OlderCursor = page.NextCursor;
        StateHasChanged();
    });

    private async Task LoadAsync()
    {
        _loading = true;
        _loadError = null;
        try
        {
            var page = await Queries.ListAsync(_actor, _query, PageSize, null, CancellationToken.None, _sort);
            _list.Reset(page.Items);
            _list.OlderCursor = page.NextCursor;
        }
        catch (AccessDeniedException)
        {
            _loadError = "Your role cannot read alerts.";
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task ApplyFrameAsync(IReadOnlyList<object> items)
    {
        _now = Time.GetUtcNow();
        _list.Apply(items.OfType<FeedChange>(), alert => AlertQueryMatcher.Matches(_query, alert, Time));
        if (items.OfType<BulkNotice>().Any())
        {
            // One notice for many changes: refresh the rows on screen in place.
            _list.Refresh(await Queries.GetManyAsync(_actor, _list.Rows.Select(r => r.Id).ToList(), CancellationToken.None));
        }
        if (_detail is not null && items.OfType<FeedChange>().Any(c => c.Alert.Id == _detail.Alert.Id) | items.OfType<BulkNotice>().Any())
        {
            _detail = await Queries.GetDetailAsync(_actor, _detail.Alert.Id, CancellationToken.None);
        }
        StateHasChanged();
    }

    private async Task SortAsync(AlertSort sort)
    {
        _sort = sort;
        _list.InsertLive = sort == AlertSort.Newest;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("sort", sort == AlertSort.Newest ? null : sort.ToString().ToLowerInvariant()), replace: true);
        await LoadAsync();
    }

    private static readonly (BoardView View, string Title)[] ViewTitles = [(BoardView.List, "List"), (BoardView.Grouped, "Grouped"), (BoardView.Kanban, "Kanban")];

    private AlertSort NextSort(AlertSort clicked) => clicked switch
    {
        AlertSort.Newest or AlertSort.Oldest when _sort is AlertSort.Newest => AlertSort.Oldest,
        AlertSort.Newest or AlertSort.Oldest => AlertSort.Newest,
        _ when _sort == clicked => AlertSort.Newest,
        _ => clicked,
    };

    private string SortArrow(AlertSort sort) => _sort == sort ? (sort == AlertSort.Oldest ? "▲" : "▼") : "";

    private static string SortTitle(AlertSort sort) => sort switch
    {
        AlertSort.Severity => "Sort by severity, highest first",
        AlertSort.Risk => "Sort by risk score, highest first",
        _ => "Sort by age: newest or oldest first",
    };

    private async Task ShowNewAsync()
    {
        if (!_list.InsertLive)
        {
            // In another order new alerts have no place at the top: reload in that order.
            await LoadAsync();
            return;
        }
        _list.ShowPending();
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("scrollToTop", _listElement);
        }
    }

    private Task SelectAsync(long id)
    {
        _list.SetCursor(id);
        return _detail is null ? Task.CompletedTask : OpenDetailAsync(id);
    }

    // The browser reports ids; only ids of rows this board shows are taken (a forged call must not check alerts off screen).
    [JSInvokable]
    public Task OnRowClicked(long id) => InvokeAsync(async () =>
    {
        if (_list.Rows.Any(r => r.Id == id))
        {
            await SelectAsync(id);
            StateHasChanged();
        }
    });

    [JSInvokable]
    public Task OnRowToggled(long id) => InvokeAsync(() =>
    {
        if (_list.Rows.Any(r => r.Id == id))
        {
            _list.ToggleChecked(id);
            StateHasChanged();
        }
    });

    private async Task OpenDetailAsync(long id)
    {
        _detail = await Queries.GetDetailAsync(_actor, id, CancellationToken.None);
        if (_presence?.AlertId != id)
        {
            _presence?.Dispose();
            _presence = _detail is null ? null : Presence.Enter(id, _actor.Name);
        }
        if (_list.Rows.Any(r => r.Id == id))
        {
            _list.SetCursor(id);
        }
    }

    private void CloseDetail()
    {
        _detail = null;
        _presence?.Dispose();
        _presence = null;
    }

    private async Task ApplyQueryAsync((AlertQuery Query, string? Text) applied)
    {
        _query = applied.Query;
        _queryText = applied.Text;
        _queryError = null;
        // The URL carries the view, so it can be shared and survives a reload.
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("q", string.IsNullOrWhiteSpace(_queryText) ? null : _queryText), replace: true);
        await LoadAsync();
    }

    private async Task OpenViewAsync(string text)
    {
        if (AlertQueryParser.Parse(text, Time).Query is { } query)
        {
            await ApplyQueryAsync((query, text));
        }
    }

    /// <summary>Completions from what the board has loaded: cheap, and what the analyst is looking at.</summary>
    private IReadOnlyList<string> KnownValues(AlertField field) => field switch
    {
        AlertField.Host => Distinct(a => a.HostName),
        AlertField.User => Distinct(a => a.UserName),
        AlertField.SourceIp => Distinct(a => a.SourceIp),
        AlertField.Rule => Distinct(a => a.RuleName),
        AlertField.Tactic => Distinct(a => a.MitreTactic),
        AlertField.Assignee => Distinct(a => a.Assignee),
        _ => [],
    };

    private IReadOnlyList<string> Distinct(Func<Alerts.AlertView, string?> value) =>
        _list.Rows.Select(value).OfType<string>().Distinct().Order().Take(50).ToList();


    private async Task PivotAsync(string term)
    {
        var text = string.IsNullOrWhiteSpace(_queryText) ? term : $"{_queryText} AND {term}";
        _view = BoardView.List;
        if (AlertQueryParser.Parse(text, Time).Query is { } query)
        {
            await ApplyQueryAsync((query, text));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _presence?.Dispose();
        _subscriptions.ForEach(s => s.Dispose());
        if (_frames is not null)
        {
            await _frames.DisposeAsync();
        }
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("detach", _listElement);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; there is nothing to detach in the browser.
            }
        }
        _self?.Dispose();
    }
}
