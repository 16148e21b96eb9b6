using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Sla;

namespace SecOps.Web.Features.Triage;

public sealed partial class AlertKanban
{
    private static readonly (AlertStatus Status, string Wire, string Title)[] Columns =
    [
        (AlertStatus.Open, "open", "Open"),
        (AlertStatus.Acknowledged, "acknowledged", "Acknowledged"),
        (AlertStatus.InProgress, "in-progress", "In progress"),
        (AlertStatus.Closed, "closed", "Closed"),
    ];

    private MudDropContainer<AlertView>? _container;
    private KanbanColumns _columns = new(50);
    private AlertQuery? _loaded;
    private int _generation;
    private bool _disposed;

    [Inject] private IOptions<KanbanOptions> Options { get; set; } = default!;
    [Inject] private SlaClock Clock { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private AlertQueries Queries { get; set; } = default!;
    [Inject] private ILogger<AlertKanban> Logger { get; set; } = default!;

    /// <summary>The board's query, already resolved for the analyst.</summary>
    [Parameter, EditorRequired] public AlertQuery Query { get; set; } = AlertQuery.All;
    [Parameter, EditorRequired] public Actor Actor { get; set; } = default!;

    /// <summary>The board's totals: each column's count is the store's, not the cards shown.</summary>
    [Parameter, EditorRequired] public BoardTotals Totals { get; set; } = default!;
    [Parameter] public bool CanTriage { get; set; }
    [Parameter] public EventCallback<(long AlertId, AlertStatus To)> OnMove { get; set; }
    [Parameter] public EventCallback<long> OnOpen { get; set; }

    protected override void OnInitialized() => _columns = new KanbanColumns(Options.Value.CardsPerColumn);

    protected override async Task OnParametersSetAsync()
    {
        if (!ReferenceEquals(Query, _loaded))
        {
            _loaded = Query;
            await LoadAsync();
        }
        // The container keeps its own placement after a drop; live updates must re-place every card by its status.
        _container?.Refresh();
    }

    /// <summary>Each column's newest cards, one query per status.</summary>
    private async Task LoadAsync()
    {
        var generation = ++_generation;
        var query = Query;
        _columns.BeginLoad();
        try
        {
            var pages = await Task.WhenAll(Columns.Select(c =>
                Queries.ListAsync(Actor, KanbanColumns.ColumnQuery(query, c.Wire), Options.Value.CardsPerColumn, null, CancellationToken.None)));
            if (generation == _generation && !_disposed)
            {
                _columns.EndLoad(Columns.Select((c, i) => (c.Wire, pages[i].Items)).ToDictionary(p => p.Wire, p => p.Items), Matches);
            }
        }
        catch (Exception e) when (e is not AccessDeniedException)
        {
            Logger.LogError(e, "Loading the kanban columns failed");
            _columns.EndLoad(new Dictionary<string, IReadOnlyList<AlertView>>(), Matches);
        }
    }

    private bool Matches(AlertView alert) => AlertQueryMatcher.Matches(Query, alert, Time);

    /// <summary>The card the kanban shows for an alert (the board's totals ask what it held before a change).</summary>
    public AlertView? Find(long id) => _disposed ? null : _columns.Find(id);

    /// <summary>Live changes from the board, already reconciled by sequence number; a bulk change reloads the columns.</summary>
    public void Apply(IReadOnlyList<FeedChange> changes, bool bulk)
    {
        if (_disposed)
        {
            return;
        }
        _columns.Apply(changes, Matches);
        _container?.Refresh();
        if (bulk)
        {
            _ = InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }
    }

    private static string Count(int count, int limit) =>
        limit > 0 ? string.Create(CultureInfo.InvariantCulture, $"{count:N0} / {limit:N0}") : count.ToString("N0", CultureInfo.InvariantCulture);

    private string CountTitle(string wire, int count, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} alerts{(limit > 0 ? $", work-in-progress limit {limit:N0}" : "")}; the newest {_columns.CardsIn(wire):N0} shown");

    private async Task DroppedAsync(MudItemDropInfo<AlertView> drop)
    {
        if (drop.Item is null || drop.Item.Status == drop.DropzoneIdentifier)
        {
            return;
        }
        var target = Columns.First(c => c.Wire == drop.DropzoneIdentifier).Status;
        await OnMove.InvokeAsync((drop.Item.Id, target));
    }

    public void Dispose()
    {
        _disposed = true;
        _generation++;
    }
}
