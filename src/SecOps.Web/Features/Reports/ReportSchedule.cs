using SecOps.Web.Features.Compliance;

namespace SecOps.Web.Features.Reports;

/// <summary>
/// When a subscription is due and what its report covers. Days and the sending hour are the subscriber's wall clock in
/// their time zone, so a weekly report goes out at the same local hour across a daylight-saving change.
/// </summary>
public static class ReportSchedule
{
    /// <summary>
    /// The first sending strictly after <paramref name="after"/>: weekly on <paramref name="day"/> (0 = Sunday), monthly on
    /// day <paramref name="day"/> of the month, or on the month's last day when it is shorter (the 31st in April is the 30th).
    /// </summary>
    public static DateTimeOffset NextDue(ReportCadence cadence, int day, TimeOnly sendAt, TimeZoneInfo zone, DateTimeOffset after)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);
        if (cadence == ReportCadence.Weekly)
        {
            var date = today.AddDays(((day - (int)today.DayOfWeek) % 7 + 7) % 7);
            var due = Instant(date, sendAt, zone);
            return due > after ? due : Instant(date.AddDays(7), sendAt, zone);
        }
        var month = new DateOnly(today.Year, today.Month, 1);
        var thisMonth = Instant(DayOf(month, day), sendAt, zone);
        return thisMonth > after ? thisMonth : Instant(DayOf(month.AddMonths(1), day), sendAt, zone);
    }

    /// <summary>Whether a day fits the cadence: 0–6 for weekly, 1–31 for monthly.</summary>
    public static bool IsValidDay(ReportCadence cadence, int day) =>
        cadence == ReportCadence.Weekly ? day is >= 0 and <= 6 : day is >= 1 and <= 31;

    /// <summary>
    /// The range a report sent at <paramref name="now"/> covers: the report page's last 7 days, or the calendar month before
    /// the subscriber's current one, as whole UTC days (the store's days).
    /// </summary>
    public static ComplianceRange Range(ReportPeriod period, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (period == ReportPeriod.Last7Days)
        {
            return new ComplianceRange(7, null, null);
        }
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var thisMonth = new DateOnly(local.Year, local.Month, 1);
        return new ComplianceRange(null, thisMonth.AddMonths(-1), thisMonth.AddDays(-1));
    }

    private static DateOnly DayOf(DateOnly month, int day) => new(month.Year, month.Month, Math.Min(day, DateTime.DaysInMonth(month.Year, month.Month)));

    /// <summary>
    /// A wall-clock time in a zone as an instant. A time the clocks skip (spring forward) is read with the offset before
    /// the change, so it lands just after the gap; a time that happens twice (fall back) is its first occurrence.
    /// </summary>
    internal static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max()).ToUniversalTime();
        }
        if (zone.IsInvalidTime(local))
        {
            // Clocks change at most twice a year, so half a day earlier is before this change and after the last one.
            return new DateTimeOffset(local, zone.GetUtcOffset(local.AddHours(-12))).ToUniversalTime();
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
