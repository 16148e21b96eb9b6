using Plotly.Blazor.Traces;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Tests.Features.Incidents;

/// <summary>
/// The timeline chart: one trace per kind with every entry of that kind in time order (a long timeline in time bins),
/// and every label HTML-encoded for Plotly.
/// </summary>
public sealed class TimelineChartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_HasATracePerKind_WithEachEntryAtItsTime_AndLabelsEncoded()
    {
        IReadOnlyList<TimelineEntry> entries =
        [
            new(T0, TimelineKind.Alert, "<img src=x onerror=alert(1)>", null, "web-01", 7, Severity.High),
            new(T0.AddMinutes(5), TimelineKind.Event, "Call from <a href=\"javascript:alert(1)\">HR</a>", "bo", null),
            new(T0.AddMinutes(9), TimelineKind.Note, "Note", "cy", "**contained** <script>alert(1)</script>"),
            new(T0.AddMinutes(12), TimelineKind.Event, "Server pulled & imaged", "bo", null),
        ];

        var traces = TimelineChart.Build(entries).Cast<Scatter>().ToList();

        Assert.Equal(["Alerts", "Notes", "Events"], traces.Select(t => t.Name));
        var events = traces[2];
        Assert.Equal(["2026-12-01 09:05:00", "2026-12-01 09:12:00"], events.X);
        Assert.Equal(["Events", "Events"], events.Y);
        Assert.Equal(["Call from &lt;a href=&quot;javascript:alert(1)&quot;&gt;HR&lt;/a&gt;", "Server pulled &amp; imaged"], events.TextArray);
        Assert.Equal(["&lt;img src=x onerror=alert(1)&gt;"], traces[0].TextArray);
        Assert.Equal(["Note by cy: **contained** &lt;script&gt;alert(1)&lt;/script&gt;"], traces[1].TextArray);
        Assert.All(traces.SelectMany(t => t.TextArray), label => Assert.DoesNotContain("<", label));
    }

    [Fact]
    public void Shared_GivesEveryPageOfOneTimelineListTheSameTraces_AndAnotherListItsOwn()
    {
        IReadOnlyList<TimelineEntry> timeline = [new(T0, TimelineKind.Event, "Server pulled", "bo", null)];
        IReadOnlyList<TimelineEntry> filtered = [.. timeline];

        var first = TimelineChart.Shared(timeline);
        var second = TimelineChart.Shared(timeline);
        var other = TimelineChart.Shared(filtered);

        Assert.Same(first, second);
        Assert.NotSame(first[0], other[0]);
        Assert.Equal(["Server pulled"], ((Scatter)first[0]).TextArray);
    }

    [Fact]
    public void Build_OverMaxPoints_DrawsTimeBinsThatCountEveryEntry_AndKeepsASingleEntrysLabelEncoded()
    {
        var entries = Enumerable.Range(0, 2_000)
            .Select(i => new TimelineEntry(T0.AddSeconds(i * 17), TimelineKind.Alert, "Brute force", null, "web-01", i, Severity.High))
            .Append(new TimelineEntry(T0.AddHours(3), TimelineKind.Event, "<b>pulled</b> the plug", "bo", null))
            .OrderBy(e => e.At)
            .ToList();

        var traces = TimelineChart.Build(entries).Cast<Scatter>().ToList();

        Assert.Equal(["Alerts", "Events"], traces.Select(t => t.Name));
        var alerts = traces[0];
        Assert.InRange(alerts.X.Count, 2, TimelineChart.Bins);
        Assert.Equal(alerts.X.Count, alerts.TextArray.Count);
        Assert.Equal(alerts.X.Count, alerts.Marker.SizeArray.Count);
        Assert.Equal(alerts.X.Cast<string>().Order(StringComparer.Ordinal), alerts.X.Cast<string>());
        Assert.Equal("2026-12-01 09:00:00", alerts.X[0]);
        Assert.Equal(2_000, alerts.TextArray.Sum(label => int.Parse(label.Split(' ')[0], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("20 Alerts, 2026-12-01 09:00 to 2026-12-01 09:05", alerts.TextArray[0]);
        Assert.Equal(["&lt;b&gt;pulled&lt;/b&gt; the plug"], traces[1].TextArray);
        Assert.Equal(new decimal?[] { 10 }, traces[1].Marker.SizeArray);
    }

    [Fact]
    public void HoverLabel_IsCapped_AndControlCharactersReplaced()
    {
        var label = TimelineChart.HoverLabel(new TimelineEntry(T0, TimelineKind.Event, new string('a', 500) + "\u202E", "bo", null));

        Assert.True(label.Length <= TimelineChart.LabelLength + 1, label.Length.ToString());
        Assert.Equal("x\uFFFDy", TimelineChart.HoverLabel(new TimelineEntry(T0, TimelineKind.Event, "x\u202Ey", "bo", null)));
    }
}
