using System.Globalization;

namespace SecOps.Web.Features.Compliance;

/// <summary>How the compliance pages and exports write durations, rates and counts (invariant culture, so exports read back).</summary>
public static class MetricFormat
{
    public const string None = "–";

    public static string Duration(TimeSpan? value)
    {
        if (value is not { } d)
        {
            return None;
        }
        return d.TotalDays >= 1 ? $"{(int)d.TotalDays}d {d.Hours}h"
            : d.TotalHours >= 1 ? $"{(int)d.TotalHours}h {d.Minutes:00}m"
            : d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m {d.Seconds:00}s"
            : string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.#}s");
    }

    public static string Rate(double? value) => value is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:0.#}%") : None;

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The change from the previous period, as words a screen reader reads well: "up 12%", "down 3%", "no change".</summary>
    public static string Change(double? current, double? previous)
    {
        if (current is not { } c || previous is not { } p)
        {
            return "no comparison";
        }
        if (p == 0)
        {
            return c == 0 ? "no change" : "new";
        }
        var change = (c - p) / p;
        return Math.Abs(change) < 0.005 ? "no change"
            : string.Create(CultureInfo.InvariantCulture, $"{(change > 0 ? "up" : "down")} {Math.Abs(change) * 100:0}%");
    }
}
