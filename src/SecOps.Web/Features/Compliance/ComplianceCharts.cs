using Plotly.Blazor;
using Plotly.Blazor.Traces;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Overview;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// Traces for the compliance overview: the daily MTTA trend (median and 90th percentile, in minutes) and the daily alert
/// volume stacked by severity. Every day of the period appears; labels are dates and our own vocabulary only.
/// </summary>
public static class ComplianceCharts
{
    public static IList<ITrace> Trend(ComplianceReport report)
    {
        var days = report.Trend.Select(d => (object)d.Day.ToString("yyyy-MM-dd")).ToList();
        static object? Minutes(TimeSpan? value) => value is { } v ? Math.Round(v.TotalMinutes, 1) : null;
        return
        [
            new Scatter
            {
                Name = "MTTA median",
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                X = days,
                Y = [.. report.Trend.Select(d => Minutes(d.Acknowledge.Median))],
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = "#1971c2" },
                HoverTemplate = "%{y} min median<extra>%{x}</extra>",
            },
            new Scatter
            {
                Name = "MTTA p90",
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                X = days,
                Y = [.. report.Trend.Select(d => Minutes(d.Acknowledge.P90))],
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = "#e8590c", Dash = "dot" },
                HoverTemplate = "%{y} min p90<extra>%{x}</extra>",
            },
        ];
    }

    public static IList<ITrace> VolumeBySeverity(ComplianceReport report)
    {
        var days = report.Period.Days();
        var labels = days.Select(d => (object)d.ToString("yyyy-MM-dd")).ToList();
        var counts = report.Days.GroupBy(d => (d.Day, d.Severity)).ToDictionary(g => g.Key, g => g.Sum(d => d.Count));
        return [.. Enum.GetValues<Severity>().Select(severity => (ITrace)new Bar
        {
            Name = AlertVocabulary.ToWire(severity),
            X = labels,
            Y = [.. days.Select(d => (object)counts.GetValueOrDefault((ComplianceMetrics.DayNumber(d), severity)))],
            Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = AlertVolumeChart.Colours[severity] },
            HoverTemplate = "%{y} " + AlertVocabulary.ToWire(severity) + "<extra>%{x}</extra>",
        })];
    }

    public static Layout Layout(bool stacked, string yTitle) => new()
    {
        BarMode = stacked ? Plotly.Blazor.LayoutLib.BarModeEnum.Stack : null,
        Height = 300,
        Margin = new Plotly.Blazor.LayoutLib.Margin { L = 50, R = 10, T = 10, B = 50 },
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Plotly.Blazor.LayoutLib.Font { Color = "#7a8699" },
        // Greys that read on both themes (Plotly's default grid is near-white, which glares on the dark theme).
        XAxis = [new Plotly.Blazor.LayoutLib.XAxis { GridColor = "rgba(122,134,153,0.25)", LineColor = "rgba(122,134,153,0.6)" }],
        YAxis = [new Plotly.Blazor.LayoutLib.YAxis { GridColor = "rgba(122,134,153,0.25)", ZeroLineColor = "rgba(122,134,153,0.6)", Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }],
        Legend = [new Plotly.Blazor.LayoutLib.Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H }],
    };
}
