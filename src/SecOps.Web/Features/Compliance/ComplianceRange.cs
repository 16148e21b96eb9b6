using System.Globalization;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The range a page asks for: the last N days up to now (which moves with the clock), or whole UTC days from one date to
/// another (inclusive). Its <see cref="Key"/> names the shared aggregate, so every page on the same range shares one.
/// </summary>
public sealed record ComplianceRange(int? LastDays, DateOnly? FromDay, DateOnly? ToDay)
{
    public const int DefaultDays = 7;
    public const int MaxDays = 366;

    public static ComplianceRange Default { get; } = new(DefaultDays, null, null);

    public string Key => LastDays is { } days ? $"last:{days}" : $"{FromDay:yyyy-MM-dd}:{ToDay:yyyy-MM-dd}";

    public MetricPeriod Resolve(DateTimeOffset now) => LastDays is { } days
        ? MetricPeriod.LastDays(now, days)
        : new MetricPeriod(Start(FromDay!.Value), Start(ToDay!.Value.AddDays(1)));

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Reads <c>?days=</c> or <c>?from=&amp;to=</c> (yyyy-MM-dd); anything else, or a range over a year, is the default.</summary>
    public static ComplianceRange Parse(string? days, string? from, string? to)
    {
        if (int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxDays)
        {
            return new ComplianceRange(n, null, null);
        }
        if (DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
            && DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            && t >= f && t.DayNumber - f.DayNumber < MaxDays)
        {
            return new ComplianceRange(null, f, t);
        }
        return Default;
    }

    public string Query => LastDays is { } d ? $"days={d}" : $"from={FromDay:yyyy-MM-dd}&to={ToDay:yyyy-MM-dd}";
}
