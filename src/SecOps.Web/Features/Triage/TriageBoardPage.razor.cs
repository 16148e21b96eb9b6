using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The live queue. Changes arrive from the live feed in frames and go through <see cref="BoardList"/>, which
/// keeps the analyst's place; a bulk change reloads the shown rows in place. Loading and live updates are in the
/// <c>.Live</c> part (reconciled by sequence number), search and order in <c>.Query</c>, actions and keyboard
/// shortcuts (from the browser module attached to the board's root) in <c>.Actions</c>; the list element and its
/// browser side are <see cref="BoardListView"/>'s.
/// </summary>
public sealed partial class TriageBoardPage
{
    // Written once per process, not on every render of the board.
    private static readonly RenderFragment SuppressionsIcon = IconMarkup.Svg(ChromeIcon.Suppressions, "small");
    private static readonly RenderFragment KeyboardIcon = IconMarkup.Svg(ChromeIcon.Keyboard);

    public const float RowHeight = BoardListView.RowHeight;

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
    private ElementReference _boardElement;
    private BoardListView? _listView;
    private IJSObjectReference? _module;
    private DotNetObjectReference<TriageBoardPage>? _self;
    private int? _attached;
    private readonly List<IDisposable> _subscriptions = [];
    private FrameCoalescer<object>? _frames;
    private Presence.PresenceTracker.View? _presence;
    private IReadOnlySet<string> _columns = Views.BoardColumns.Optional.ToHashSet();

    /// <summary>
    /// The analyst's columns, drawer open or not: a narrow list drops lower-priority columns by itself (container queries
    /// in app.css), and where the board is too narrow for both the drawer lies over the list instead of squeezing it.
    /// </summary>
    private IReadOnlySet<string> ShownColumns => _columns;

    private AlertRowModel RowModel(Alerts.AlertView alert) => new(
        alert, Clock.Evaluate(alert, _now), ShownColumns, alert.Id == _list.Cursor, _list.Checked.Contains(alert.Id),
        _list.RepeatsOf(alert), Presence.Viewers(alert.Id, _presence), _zone);

    /// <summary>Someone entered or left an alert: rows re-render their viewers with the next frame.</summary>
    private sealed record PresenceChanged(long AlertId);

    [Inject] private AlertQueries Queries { get; set; } = default!;
    [Inject] private AlertTriage Triage { get; set; } = default!;
    [Inject] private Suppression.Suppressions Suppressions { get; set; } = default!;
    [Inject] private Presence.PresenceTracker Presence { get; set; } = default!;
    [Inject] private Views.BoardViews BoardViews { get; set; } = default!;
    [Inject] private LiveFeed Feed { get; set; } = default!;
    [Inject] private FeedReader FeedReader { get; set; } = default!;
    [Inject] private ILogger<TriageBoardPage> Logger { get; set; } = default!;
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
        await InitializeTimeAsync();
        _queryText = InitialQuery;
        if (Enum.TryParse<AlertSort>(InitialSort, ignoreCase: true, out var sort) && Enum.IsDefined(sort))
        {
            _sort = sort;
            _list.InsertLive = sort == AlertSort.Newest;
        }
        _now = Time.GetUtcNow();
        // Subscribe before loading, so nothing committed between the load and the subscription is missed; the
        // reconciler (see .Live) applies each change once, by sequence number.
        _frames = new FrameCoalescer<object>(LiveOptions.Value.FrameInterval, items => InvokeAsync(() => ApplyFrameAsync(items)), Time, Logger);
        _subscriptions.Add(Feed.Subscribe(_frames.AddRange));
        _subscriptions.Add(Feed.SubscribeBulk(_frames.Add));
        // Incident and task changes and deletions are numbered in the same feed: the board counts them so it sees no gap (it shows nothing from them).
        _subscriptions.Add(Feed.SubscribeIncidents(_frames.Add));
        _subscriptions.Add(Feed.SubscribeTasks(_frames.Add));
        _subscriptions.Add(Feed.SubscribeRemovals(_frames.Add));
        _subscriptions.Add(Presence.Subscribe(subject =>
        {
            if (subject.IsAlert)
            {
                _frames.Add(new PresenceChanged(subject.Id));
            }
        }));
        var (parsed, error) = AlertQueryParser.Parse(_queryText, Time);
        TakeQuery(parsed, error);
        _columns = await BoardViews.ColumnsAsync(_actor, CancellationToken.None) ?? _columns;
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // The board's root stays for the page's life; its list attaches itself (see BoardListView).
            _self = DotNetObjectReference.Create(this);
            try
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/board.js");
                _attached = await _module.InvokeAsync<int>("attachBoard", _boardElement, _self);
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }


    private static readonly (BoardView View, string Title)[] ViewTitles = [(BoardView.List, "List"), (BoardView.Grouped, "Grouped"), (BoardView.Kanban, "Kanban")];

    private void ShowView(BoardView view)
    {
        _view = view;
        if (view != BoardView.List)
        {
            // The other views have no scroll position to keep and no "N new" marker: arrivals show in them at once. A
            // list shown again reports its own scroll state when it attaches.
            _list.AtTop = true;
            if (_list.InsertLive)
            {
                _list.ShowPending();
            }
        }
    }

    private async Task ShowNewAsync()
    {
        if (!_list.InsertLive)
        {
            // In another order new alerts have no place at the top: reload in that order.
            await LoadAsync();
            return;
        }
        _list.ShowPending();
        await ScrollToTopAsync();
    }

    /// <summary>After a new search or order the list starts at the top, where new alerts are inserted live.</summary>
    private Task ScrollToTopAsync() => _listView?.ScrollToTopAsync() ?? Task.CompletedTask;

    private Task SelectAsync(long id)
    {
        FocusList();
        _list.SetCursor(id);
        return _detail is null ? Task.CompletedTask : OpenDetailAsync(id);
    }

    // The browser reports ids; only ids of rows this board shows are taken (a forged call must not check alerts off screen).
    private Task SelectRowAsync(long id) => _list.Rows.Any(r => r.Id == id) ? SelectAsync(id) : Task.CompletedTask;

    private void ToggleRow(long id)
    {
        if (_list.Rows.Any(r => r.Id == id))
        {
            FocusList();
            _allMatching = null;
            _list.ToggleChecked(id);
        }
    }

    private void AtTopChanged(bool atTop)
    {
        _list.AtTop = atTop;
        if (atTop && _list.PendingCount > 0)
        {
            _list.ShowPending();
        }
    }

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
        FocusList();
        _detail = null;
        _presence?.Dispose();
        _presence = null;
    }


    public async ValueTask DisposeAsync()
    {
        _presence?.Dispose();
        _totals.Dispose();
        _subscriptions.ForEach(s => s.Dispose());
        if (_frames is not null)
        {
            await _frames.DisposeAsync();
        }
        if (_module is not null)
        {
            try
            {
                if (_attached is { } id)
                {
                    await _module.InvokeVoidAsync("detachBoard", id);
                }
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
