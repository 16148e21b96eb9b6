using Plotly.Blazor;
using Plotly.Blazor.Traces;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Overview;

/// <summary>
/// Builds the stacked hourly alert-volume bars. Every hour of the range appears, empty ones as zero, so
/// the axis never skips. Labels are our own vocabulary only, never alert content.
/// </summary>
public static class AlertVolumeChart
{
    public static readonly IReadOnlyDictionary<Severity, string> Colours = new Dictionary<Severity, string>
    {
        [Severity.Low] = "#5c7080",
        [Severity.Medium] = "#b07d00",
        [Severity.High] = "#d9480f",
        [Severity.Critical] = "#c92a2a",
    };

    public static IList<ITrace> Build(IReadOnlyList<OverviewQueries.HourBucket> buckets, DateTimeOffset from, int hours)
    {
        var hourStarts = Enumerable.Range(0, hours).Select(h => from.AddHours(h)).ToList();
        var labels = hourStarts.Select(h => (object)h.UtcDateTime.ToString("yyyy-MM-dd HH:00")).ToList();
        var traces = new List<ITrace>();
        foreach (var severity in Enum.GetValues<Severity>())
        {
            var counts = hourStarts
                .Select(h => (object)buckets.Where(b => b.Severity == severity && b.Hour == h).Sum(b => b.Count))
                .ToList();
            traces.Add(new Bar
            {
                Name = AlertVocabulary.ToWire(severity),
                X = labels,
                Y = counts,
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = Colours[severity] },
                HoverTemplate = "%{y} " + AlertVocabulary.ToWire(severity) + "<extra>%{x} UTC</extra>",
            });
        }
        return traces;
    }
}
