using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using Plotly.Blazor;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The executive overview: live tiles, trend and volume charts, the tactic heat map, framework links and the metrics
/// table for a date range, compared with the previous period. Every open page on the same range shares one snapshot
/// (<see cref="ComplianceQueries.WatchAsync"/>), recomputed at most once per aggregate interval while alerts change.
/// </summary>
public sealed partial class CompliancePage
{
    private ComplianceQueries.Snapshot? _snapshot;
    private IReadOnlyList<MetricsTable.Row> _rows = [];
    private string? _error;
    private ComplianceRange _range = ComplianceRange.Default;
    private string? _watchedKey;
    private DateOnly? _from;
    private DateOnly? _to;
    private AggregateWatch<ComplianceQueries.Snapshot>? _watch;
    private PlotlyPanel? _trendChart;
    private PlotlyPanel? _volumeChart;
    private readonly List<ITrace> _trend = [];
    private readonly List<ITrace> _volume = [];
    private readonly Layout _trendLayout = ComplianceCharts.Layout(stacked: false, "minutes");
    private readonly Layout _volumeLayout = ComplianceCharts.Layout(stacked: true, "alerts");
    private bool _disposed;

    [Inject] private ComplianceQueries Queries { get; set; } = default!;
    [Inject] private FrameworkEvidence Evidence { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private ILogger<CompliancePage> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "days")] private string? Days { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? To { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _range = ComplianceRange.Parse(Days, From, To);
        if (_range.Key == _watchedKey)
        {
            return;
        }
        _watchedKey = _range.Key;
        _watch?.Dispose();
        _snapshot = null;
        var actor = Actor.From((await AuthenticationState).User);
        try
        {
            _watch = await Queries.WatchAsync(actor, _range, snapshot => _ = InvokeAsync(() => ShowAsync(snapshot)), CancellationToken.None);
            Show(await _watch.FirstAsync());
            _from ??= DateOnly.FromDateTime(_snapshot!.Current.Period.From.UtcDateTime);
            _to ??= DateOnly.FromDateTime(_snapshot!.Current.Period.To.AddTicks(-1).UtcDateTime);
        }
        catch (AccessDeniedException)
        {
            _error = "Your role cannot read compliance metrics.";
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Loading the compliance overview failed");
            _error = "The compliance overview could not be loaded.";
        }
    }

    private void Show(ComplianceQueries.Snapshot snapshot)
    {
        _snapshot = snapshot;
        _rows = MetricsTable.Build(snapshot);
        _trend.Clear();
        _trend.AddRange(ComplianceCharts.Trend(snapshot.Current));
        _volume.Clear();
        _volume.AddRange(ComplianceCharts.VolumeBySeverity(snapshot.Current));
    }

    private async Task ShowAsync(ComplianceQueries.Snapshot snapshot)
    {
        if (_disposed)
        {
            return;
        }
        try
        {
            Show(snapshot);
            StateHasChanged();
            foreach (var chart in new[] { _trendChart, _volumeChart })
            {
                if (chart is not null)
                {
                    await chart.RefreshAsync();
                }
            }
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Showing a new compliance snapshot failed");
        }
    }

    private void ApplyDates()
    {
        if (_from is { } from && _to is { } to && to >= from)
        {
            Navigation.NavigateTo($"/compliance?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        }
    }

    private async Task PrintAsync() => await Js.InvokeVoidAsync("print");

    internal static string PeriodText(MetricPeriod period) =>
        string.Create(CultureInfo.InvariantCulture, $"{period.From:yyyy-MM-dd} to {period.To.AddTicks(-1):yyyy-MM-dd HH:mm} UTC");

    public void Dispose()
    {
        _disposed = true;
        _watch?.Dispose();
    }
}
