using Plotly.Blazor.Traces;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Tests.Features.Incidents;

/// <summary>The timeline chart: one trace per kind with every entry of that kind in time order, and every label HTML-encoded for Plotly.</summary>
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
    public void HoverLabel_IsCapped_AndControlCharactersReplaced()
    {
        var label = TimelineChart.HoverLabel(new TimelineEntry(T0, TimelineKind.Event, new string('a', 500) + "\u202E", "bo", null));

        Assert.True(label.Length <= TimelineChart.LabelLength + 1, label.Length.ToString());
        Assert.Equal("x\uFFFDy", TimelineChart.HoverLabel(new TimelineEntry(T0, TimelineKind.Event, "x\u202Ey", "bo", null)));
    }
}
