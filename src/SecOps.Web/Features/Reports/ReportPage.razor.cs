using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using Plotly.Blazor;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Compliance;

namespace SecOps.Web.Features.Reports;

/// <summary>
/// The print-ready report for a date range: cover, summary, charts and every table, each table with its CSV and XLSX
/// export. A snapshot taken when the page opens (the compliance overview is the live view); printing to PDF is the
/// browser's, with the print rules in compliance.css.
/// </summary>
public sealed partial class ReportPage
{
    private ReportQueries.Report? _report;
    private string? _error;
    private string _viewer = "";
    private ComplianceRange _range = ComplianceRange.Default;
    private string? _loadedKey;
    private DateOnly? _from;
    private DateOnly? _to;
    private readonly List<ITrace> _trend = [];
    private readonly List<ITrace> _volume = [];
    private readonly Layout _trendLayout = ComplianceCharts.Layout(stacked: false, "minutes");
    private readonly Layout _volumeLayout = ComplianceCharts.Layout(stacked: true, "alerts");

    [Inject] private ReportQueries Reports { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private ILogger<ReportPage> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "days")] private string? Days { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? To { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _range = ComplianceRange.Parse(Days, From, To);
        if (_range.Key == _loadedKey)
        {
            return;
        }
        _loadedKey = _range.Key;
        _report = null;
        _error = null;
        var actor = Actor.From((await AuthenticationState).User);
        _viewer = actor.Name;
        try
        {
            _report = await Reports.LoadAsync(actor, _range, CancellationToken.None);
            _trend.Clear();
            _trend.AddRange(ComplianceCharts.Trend(_report.Snapshot.Current));
            _volume.Clear();
            _volume.AddRange(ComplianceCharts.VolumeBySeverity(_report.Snapshot.Current));
            _from = DateOnly.FromDateTime(_report.Snapshot.Current.Period.From.UtcDateTime);
            _to = DateOnly.FromDateTime(_report.Snapshot.Current.Period.To.AddTicks(-1).UtcDateTime);
        }
        catch (AccessDeniedException)
        {
            _error = "Your role cannot read reports.";
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Loading the report failed");
            _error = "The report could not be loaded.";
        }
    }

    /// <summary>The report's opening sentence: the period's volume, the acknowledge SLA and the backlog, in words.</summary>
    internal static string Summary(ReportQueries.Report report)
    {
        var c = report.Snapshot.Current;
        var p = report.Snapshot.Previous;
        return string.Create(CultureInfo.InvariantCulture,
            $"{MetricFormat.Count(c.Alerts)} alerts in this period ({MetricFormat.Change(c.Alerts, p.Alerts)} on the previous one), " +
            $"{MetricFormat.Count(c.Suppressed)} of them suppressed. Median time to acknowledge {MetricFormat.Duration(c.Acknowledge.All.Median)}, " +
            $"{MetricFormat.Rate(c.AcknowledgeSla.All.Rate)} acknowledged within their SLA; median time to resolve an incident " +
            $"{MetricFormat.Duration(c.Resolve.All.Median)}. {MetricFormat.Count(c.Backlog.Total)} alerts are queued now.");
    }

    private void ApplyDates()
    {
        if (_from is { } from && _to is { } to && to >= from)
        {
            Navigation.NavigateTo($"/reports?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        }
    }

    private async Task PrintAsync() => await Js.InvokeVoidAsync("print");
}
