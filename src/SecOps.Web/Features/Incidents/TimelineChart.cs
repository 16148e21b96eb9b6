using System.Net;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// The timeline as a Plotly time chart: one marker per entry, a row and a colour per kind, the same entries (and filters)
/// as the list. Plotly renders hover text as its own HTML subset, and titles are attacker- or people-written, so every
/// label is HTML-encoded (and capped) before it reaches the chart; kind names are our own vocabulary.
/// </summary>
public static class TimelineChart
{
    public const int LabelLength = 120;

    public static readonly IReadOnlyDictionary<TimelineKind, string> Colours = new Dictionary<TimelineKind, string>
    {
        [TimelineKind.Alert] = "#c92a2a",
        [TimelineKind.Change] = "#1971c2",
        [TimelineKind.Note] = "#0c8599",
        [TimelineKind.Notification] = "#2b8a3e",
        [TimelineKind.Task] = "#7048e8",
        [TimelineKind.Event] = "#e8590c",
        [TimelineKind.Evidence] = "#5c940d",
        [TimelineKind.AuditEvent] = "#868e96",
        [TimelineKind.Communication] = "#d6336c",
    };

    public static string Label(TimelineKind kind) => kind switch
    {
        TimelineKind.Alert => "Alerts",
        TimelineKind.Change => "Changes",
        TimelineKind.Note => "Notes",
        TimelineKind.Notification => "Notifications",
        TimelineKind.Task => "Tasks",
        TimelineKind.Evidence => "Evidence",
        TimelineKind.AuditEvent => "Audit events",
        TimelineKind.Communication => "Communications",
        _ => "Events",
    };

    /// <summary>One trace per kind present, in the kinds' order; points in time order.</summary>
    public static IList<ITrace> Build(IReadOnlyList<TimelineEntry> entries) =>
        [.. entries.GroupBy(e => e.Kind).OrderBy(g => g.Key).Select(g => (ITrace)new Scatter
        {
            Name = Label(g.Key),
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
            X = [.. g.Select(e => (object)e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"))],
            Y = [.. g.Select(_ => (object)Label(g.Key))],
            TextArray = [.. g.Select(HoverLabel)],
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = Colours[g.Key], Size = 10 },
            HoverTemplate = "%{text}<extra>%{x} UTC</extra>",
        })];

    /// <summary>What the chart shows for an entry: its title (a note's first words), encoded for Plotly's HTML subset.</summary>
    public static string HoverLabel(TimelineEntry entry)
    {
        var text = entry.Kind == TimelineKind.Note ? "Note by " + entry.Who + ": " + entry.Text : entry.Title;
        text = Ingest.DisplayText.CleanUserText(text?.Replace('\n', ' ').Replace('\r', ' '), LabelLength) ?? "";
        return WebUtility.HtmlEncode(text);
    }

    public static Layout Layout(int kinds) => new()
    {
        Height = 90 + (40 * Math.Max(1, kinds)),
        Margin = new Plotly.Blazor.LayoutLib.Margin { L = 100, R = 10, T = 10, B = 40 },
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Plotly.Blazor.LayoutLib.Font { Color = "#7a8699" },
        ShowLegend = false,
        HoverMode = Plotly.Blazor.LayoutLib.HoverModeEnum.Closest,
        // Greys that read on both themes.
        XAxis = [new Plotly.Blazor.LayoutLib.XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date, GridColor = "rgba(122,134,153,0.25)", LineColor = "rgba(122,134,153,0.6)" }],
        YAxis = [new Plotly.Blazor.LayoutLib.YAxis { Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Category, GridColor = "rgba(122,134,153,0.25)", AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
    };
}
