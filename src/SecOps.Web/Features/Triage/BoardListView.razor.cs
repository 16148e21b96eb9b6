using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The list element of the board and its browser side. The browser reports row clicks, checkbox toggles, scroll state
/// and "near the bottom"; this component passes them up as events and the board decides (it owns the rows).
/// </summary>
public sealed partial class BoardListView
{
    public const float RowHeight = 44;

    private ElementReference _element;
    private IJSObjectReference? _module;
    private DotNetObjectReference<BoardListView>? _self;
    private int? _attached;
    private bool _disposed;

    [Parameter, EditorRequired] public BoardList List { get; set; } = default!;

    /// <summary>What one row shows (the board knows the clock, the cursor, the checked set and the viewers).</summary>
    [Parameter, EditorRequired] public Func<AlertView, AlertRowModel> Row { get; set; } = default!;

    [Parameter, EditorRequired] public IReadOnlySet<string> Columns { get; set; } = default!;
    [Parameter] public AlertSort Sort { get; set; }

    /// <summary>The header's first cell: the board's select-all checkbox.</summary>
    [Parameter] public RenderFragment? HeaderCheck { get; set; }
    [Parameter] public bool Loading { get; set; }
    [Parameter] public bool QueryIsEmpty { get; set; }

    [Parameter] public EventCallback<AlertSort> OnSort { get; set; }
    [Parameter] public EventCallback OnShowNew { get; set; }
    [Parameter] public EventCallback<long> OnSelect { get; set; }
    [Parameter] public EventCallback<long> OnToggle { get; set; }
    [Parameter] public EventCallback<bool> OnAtTopChanged { get; set; }
    [Parameter] public EventCallback OnMoreNeeded { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            try
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/board.js");
                if (!_disposed)
                {
                    _attached = await _module.InvokeAsync<int>("attachList", _element, _self);
                }
                if (_disposed && _attached is { } id)
                {
                    // Disposed while attaching: DisposeAsync found nothing to detach yet.
                    await _module.InvokeVoidAsync("detachList", id);
                }
            }
            catch (Exception e) when (e is JSDisconnectedException or ObjectDisposedException)
            {
                // The circuit went away while the list was being set up.
            }
        }
    }

    // The browser reports ids; the board takes only ids of rows it shows (a forged call must not check alerts off screen).
    [JSInvokable]
    public Task OnRowClicked(long id) => InvokeAsync(() => OnSelect.InvokeAsync(id));

    [JSInvokable]
    public Task OnRowToggled(long id) => InvokeAsync(() => OnToggle.InvokeAsync(id));

    [JSInvokable]
    public Task OnScrollStateChanged(bool atTop) => InvokeAsync(() => OnAtTopChanged.InvokeAsync(atTop));

    [JSInvokable]
    public Task OnNearBottom() => InvokeAsync(() => OnMoreNeeded.InvokeAsync());

    public async Task ScrollToTopAsync()
    {
        if (_module is not null && _attached is not null && !_disposed)
        {
            await _module.InvokeVoidAsync("scrollToTop", _element);
        }
    }

    public async Task ScrollIntoViewAsync(int index)
    {
        if (_module is not null && _attached is not null && !_disposed)
        {
            await _module.InvokeVoidAsync("scrollIntoView", _element, index, RowHeight);
        }
    }

    private AlertSort NextSort(AlertSort clicked) => clicked switch
    {
        AlertSort.Newest or AlertSort.Oldest when Sort is AlertSort.Newest => AlertSort.Oldest,
        AlertSort.Newest or AlertSort.Oldest => AlertSort.Newest,
        _ when Sort == clicked => AlertSort.Newest,
        _ => clicked,
    };

    private string SortArrow(AlertSort sort) => Sort == sort ? (sort == AlertSort.Oldest ? "▲" : "▼") : "";

    private static string SortTitle(AlertSort sort) => sort switch
    {
        AlertSort.Severity => "Sort by severity, highest first",
        AlertSort.Risk => "Sort by risk score, highest first",
        _ => "Sort by age: newest or oldest first",
    };

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_module is not null)
        {
            try
            {
                // By id: the element itself may already be gone from the page when this runs.
                if (_attached is { } id)
                {
                    await _module.InvokeVoidAsync("detachList", id);
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
