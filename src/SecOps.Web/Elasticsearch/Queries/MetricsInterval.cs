using System.Globalization;
using SecOps.Web.Elasticsearch.Dsl;

namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>Calendar-aware bucket widths of a date_histogram (in UTC): a month bucket starts on the 1st whatever its length.</summary>
public enum CalendarUnit
{
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// <summary>
/// The width of a metrics series bucket: a fixed duration (whole seconds, at least one) or a calendar unit. Typed, so nothing
/// a caller passes is ever written into the request as interval text.
/// </summary>
public readonly record struct MetricsInterval
{
    private MetricsInterval(TimeSpan? fixedLength, CalendarUnit? unit) => (FixedLength, Unit) = (fixedLength, unit);

    public TimeSpan? FixedLength { get; }
    public CalendarUnit? Unit { get; }

    /// <summary>The shortest a bucket can be, to bound how many buckets a window makes (a month is at least 28 days).</summary>
    public TimeSpan MinimumLength => FixedLength ?? Unit switch
    {
        CalendarUnit.Minute => TimeSpan.FromMinutes(1),
        CalendarUnit.Hour => TimeSpan.FromHours(1),
        CalendarUnit.Day => TimeSpan.FromDays(1),
        CalendarUnit.Week => TimeSpan.FromDays(7),
        CalendarUnit.Month => TimeSpan.FromDays(28),
        CalendarUnit.Quarter => TimeSpan.FromDays(89),
        CalendarUnit.Year => TimeSpan.FromDays(365),
        _ => throw new InvalidOperationException("A default MetricsInterval has no width."),
    };

    public static MetricsInterval Fixed(TimeSpan length) =>
        length >= TimeSpan.FromSeconds(1) && length.Ticks % TimeSpan.TicksPerSecond == 0
            ? new(length, null)
            : throw new ArgumentOutOfRangeException(nameof(length), length, "A fixed interval is a whole number of seconds, at least one.");

    public static MetricsInterval Calendar(CalendarUnit unit) =>
        Enum.IsDefined(unit) ? new(null, unit) : throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown calendar unit.");

    /// <summary>Sets <c>fixed_interval</c> (in the largest unit that divides it: <c>90m</c>, <c>1d</c>) or <c>calendar_interval</c>.</summary>
    public DateHistogramAggregation ApplyTo(DateHistogramAggregation histogram)
    {
        if (FixedLength is { } length)
        {
            var seconds = (long)length.TotalSeconds;
            var text = seconds % 86_400 == 0 ? $"{seconds / 86_400}d"
                : seconds % 3_600 == 0 ? $"{seconds / 3_600}h"
                : seconds % 60 == 0 ? $"{seconds / 60}m"
                : $"{seconds}s";
            return histogram with { FixedInterval = text };
        }
        return histogram with { CalendarInterval = (Unit ?? throw new InvalidOperationException("A default MetricsInterval has no width.")).ToString().ToLower(CultureInfo.InvariantCulture) };
    }
}
