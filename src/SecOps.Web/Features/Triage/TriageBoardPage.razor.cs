using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The live queue. Changes arrive from the live feed in frames; rows update in place, new rows insert at
/// the top only while the analyst is at the top, otherwise they wait behind the "N new" marker so the
/// list never moves under the analyst. Selection is by alert id and survives every update.
/// </summary>
public sealed partial class TriageBoardPage
{
    public const float RowHeight = 44;
    public const int MaxRows = 5000;

    private readonly List<AlertView> _alerts = [];
    private readonly List<AlertView> _pendingNew = [];
    private AlertQuery _query = AlertQuery.All;
    private string? _queryText;
    private string? _queryError;
    private bool _loading = true;
    private string? _loadError;
    private long? _selectedId;
    private bool _atTop = true;
    private DateTimeOffset _now;
    private Actor _actor = Actor.Anonymous;
    private ElementReference _listElement;
    private IJSObjectReference? _module;
    private DotNetObjectReference<TriageBoardPage>? _self;
    private IDisposable? _subscription;
    private FrameCoalescer<FeedChange>? _frames;

    [Inject] private AlertQueries Queries { get; set; } = default!;
    [Inject] private LiveFeed Feed { get; set; } = default!;
    [Inject] private IOptions<LiveOptions> LiveOptions { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")] private string? InitialQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        _queryText = InitialQuery;
        _now = Time.GetUtcNow();
        // Subscribe before loading, so nothing committed between the load and the subscription is missed;
        // duplicates are merged by id.
        _frames = new FrameCoalescer<FeedChange>(LiveOptions.Value.FrameInterval, changes => InvokeAsync(() => ApplyFrame(changes)), Time);
        _subscription = Feed.Subscribe(_frames.AddRange);
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
        _atTop = atTop;
        if (atTop && _pendingNew.Count > 0)
        {
            MergePending();
            StateHasChanged();
        }
    });

    private async Task LoadAsync()
    {
        _loading = true;
        _loadError = null;
        try
        {
            var page = await Queries.ListAsync(_actor, _query, 500, null, CancellationToken.None);
            _alerts.Clear();
            _pendingNew.Clear();
            _alerts.AddRange(page.Items);
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

    private void ApplyFrame(IReadOnlyList<FeedChange> changes)
    {
        _now = Time.GetUtcNow();
        foreach (var change in changes)
        {
            var alert = change.Alert;
            var index = _alerts.FindIndex(a => a.Id == alert.Id);
            if (index >= 0)
            {
                // Update in place: same position, same key, so selection and scroll stay put.
                if (alert.Seq >= _alerts[index].Seq)
                {
                    _alerts[index] = alert;
                }
                continue;
            }
            if (!AlertQueryMatcher.Matches(_query, alert, Time))
            {
                continue;
            }
            var pending = _pendingNew.FindIndex(a => a.Id == alert.Id);
            if (pending >= 0)
            {
                _pendingNew[pending] = alert;
            }
            else
            {
                _pendingNew.Add(alert);
            }
        }
        if (_atTop)
        {
            MergePending();
        }
        StateHasChanged();
    }

    private void MergePending()
    {
        // Newest first, like the list.
        _alerts.InsertRange(0, _pendingNew.OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id));
        _pendingNew.Clear();
        if (_alerts.Count > MaxRows)
        {
            _alerts.RemoveRange(MaxRows, _alerts.Count - MaxRows);
        }
    }

    private async Task ShowNewAsync()
    {
        MergePending();
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("scrollToTop", _listElement);
        }
    }

    private void Select(long id) => _selectedId = id;

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (_alerts.Count == 0 || e.Key is not ("j" or "k" or "ArrowDown" or "ArrowUp"))
        {
            return;
        }
        var index = _selectedId is { } id ? _alerts.FindIndex(a => a.Id == id) : -1;
        index = e.Key is "j" or "ArrowDown" ? Math.Min(index + 1, _alerts.Count - 1) : Math.Max(index - 1, 0);
        _selectedId = _alerts[index].Id;
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("scrollIntoView", _listElement, index, RowHeight);
        }
    }

    private async Task ApplyQueryAsync()
    {
        var (parsed, error) = AlertQueryParser.Parse(_queryText, Time);
        if (error is not null)
        {
            _queryError = $"{error.Message} (at character {error.Position + 1})";
            return;
        }
        _queryError = null;
        _query = parsed!;
        await LoadAsync();
    }

    private async Task ClearQueryAsync()
    {
        _queryText = null;
        await ApplyQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
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
