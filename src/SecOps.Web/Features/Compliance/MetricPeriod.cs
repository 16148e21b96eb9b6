namespace SecOps.Web.Features.Compliance;

/// <summary>A half-open span of time [From, To) in UTC; metrics count what started inside it.</summary>
public sealed record MetricPeriod(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;

    /// <summary>The span of the same length just before this one, for comparison.</summary>
    public MetricPeriod Previous => new(From - Length, From);

    public bool Contains(DateTimeOffset at) => at >= From && at < To;

    /// <summary>The UTC days the period touches, in order (a partial first or last day included).</summary>
    public IReadOnlyList<DateOnly> Days()
    {
        var days = new List<DateOnly>();
        if (To <= From)
        {
            return days;
        }
        for (var day = DateOnly.FromDateTime(From.UtcDateTime); day.ToDateTime(TimeOnly.MinValue) < To.UtcDateTime; day = day.AddDays(1))
        {
            days.Add(day);
        }
        return days;
    }

    /// <summary>The last <paramref name="days"/> whole UTC days up to and including today (today partial, up to <paramref name="now"/>).</summary>
    public static MetricPeriod LastDays(DateTimeOffset now, int days)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return new MetricPeriod(today.AddDays(1 - days), now);
    }
}
