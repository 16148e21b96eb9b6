using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// The timeline as a Plotly time chart: a row and a colour per kind, the same entries (and filters) as the list. A short
/// timeline gets one marker per entry; a long one (more than <see cref="MaxPoints"/> entries) one marker per kind and
/// time bin, sized by how many entries it holds, so what an open page holds for its chart is bounded (10,000 points
/// were most of an open page's memory). Plotly renders hover text as its own HTML subset, and titles are attacker- or
/// people-written, so every label is HTML-encoded (and capped) before it reaches the chart; kind names are our own
/// vocabulary.
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

    /// <summary>Up to this many entries the chart has a marker per entry; past it, markers per time bin.</summary>
    public const int MaxPoints = 300;

    /// <summary>How many equal slices of the timeline's span a long timeline is cut into (per kind, empty ones left out).</summary>
    public const int Bins = 100;

    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    // Traces of a timeline list, kept as long as that list lives: the open pages of one incident show the same shared
    // list (TimelineCache), so they share its traces too (a 10,000-entry chart's labels and points were each page's own).
    private static readonly ConditionalWeakTable<IReadOnlyList<TimelineEntry>, IReadOnlyList<ITrace>> ByTimeline = [];

    /// <summary>
    /// The traces of <paramref name="entries"/>, built once per list instance and shared by every page showing that list;
    /// callers put them in a list of their own and never change them.
    /// </summary>
    public static IReadOnlyList<ITrace> Shared(IReadOnlyList<TimelineEntry> entries) =>
        ByTimeline.GetValue(entries, list => [.. Build(list)]);

    /// <summary>One trace per kind present, in the kinds' order; points in time order.</summary>
    public static IList<ITrace> Build(IReadOnlyList<TimelineEntry> entries) =>
        entries.Count > MaxPoints ? Binned(entries) : [.. entries.GroupBy(e => e.Kind).OrderBy(g => g.Key).Select(g => Trace(g.Key,
            [.. g.Select(e => (object)e.At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture))],
            [.. g.Select(HoverLabel)],
            new() { Color = Colours[g.Key], Size = 10 }))];

    /// <summary>
    /// A marker per kind and bin at its first entry's time; the hover says how many entries and when they span (one
    /// entry's bin shows that entry's label, as a short timeline does).
    /// </summary>
    private static List<ITrace> Binned(IReadOnlyList<TimelineEntry> entries)
    {
        var first = entries.Min(e => e.At);
        var span = Math.Max(1, (entries.Max(e => e.At) - first).Ticks);
        var traces = new List<ITrace>();
        foreach (var kind in entries.GroupBy(e => e.Kind).OrderBy(g => g.Key))
        {
            var bins = kind.GroupBy(e => Math.Min(Bins - 1, (int)((e.At - first).Ticks * (double)Bins / span))).OrderBy(b => b.Key).ToList();
            var sizes = new List<decimal?>(bins.Count);
            var x = new List<object>(bins.Count);
            var labels = new List<string>(bins.Count);
            foreach (var bin in bins)
            {
                var count = bin.Count();
                var start = bin.Min(e => e.At);
                x.Add(start.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
                labels.Add(count == 1 ? HoverLabel(bin.First()) : BinLabel(kind.Key, count, start, bin.Max(e => e.At)));
                sizes.Add(MarkerSize(count));
            }
            traces.Add(Trace(kind.Key, x, labels, new() { Color = Colours[kind.Key], SizeArray = sizes }));
        }
        return traces;
    }

    /// <summary>"37 Alerts, 2026-12-01 09:00 to 2026-12-01 09:14": counts, our own kind names and times only, nothing people wrote.</summary>
    public static string BinLabel(TimelineKind kind, int count, DateTimeOffset from, DateTimeOffset to) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {Label(kind)}, {from.UtcDateTime:yyyy-MM-dd HH:mm} to {to.UtcDateTime:yyyy-MM-dd HH:mm}");

    /// <summary>A bin's marker grows with the log of its count, from a single entry's 10 px to at most 24 px.</summary>
    public static decimal MarkerSize(int count) => (int)Math.Min(24, 10 + (3 * Math.Log2(Math.Max(1, count))));

    private static ITrace Trace(TimelineKind kind, List<object> x, List<string> labels, Plotly.Blazor.Traces.ScatterLib.Marker marker) => new Scatter
    {
        Name = Label(kind),
        Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
        X = x,
        Y = [.. x.Select(_ => (object)Label(kind))],
        TextArray = labels,
        Marker = marker,
        HoverTemplate = "%{text}<extra>%{x} UTC</extra>",
    };

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
