using SecOps.Web.Features.Reports;

namespace SecOps.Tests.Features.Reports;

public sealed class ReportScheduleTests
{
    private static readonly TimeOnly Seven = new(7, 0);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Utc(string at) => DateTimeOffset.Parse(at + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Monday 2026-12-07: due later the same day, or a week on once that hour has come.
    [InlineData("2026-12-07T06:59:59", "2026-12-07T07:00:00")]
    [InlineData("2026-12-07T07:00:00", "2026-12-14T07:00:00")]
    // From a Wednesday, the coming Monday.
    [InlineData("2026-12-09T12:00:00", "2026-12-14T07:00:00")]
    public void Weekly_IsTheNextOfThatWeekdayAtTheHour_StrictlyAfter(string after, string expected) =>
        Assert.Equal(Utc(expected), ReportSchedule.NextDue(ReportCadence.Weekly, (int)DayOfWeek.Monday, Seven, TimeZoneInfo.Utc, Utc(after)));

    [Fact]
    public void Weekly_OnSunday_FromSaturday_IsTheNextDay() =>
        Assert.Equal(Utc("2026-02-01T07:00:00"), ReportSchedule.NextDue(ReportCadence.Weekly, (int)DayOfWeek.Sunday, Seven, TimeZoneInfo.Utc, Utc("2026-01-31T23:00:00")));

    [Theory]
    // The 31st is the month's last day in shorter months, February of a leap year included.
    [InlineData(31, "2026-01-31T07:00:00", "2026-02-28T07:00:00")]
    [InlineData(31, "2028-01-31T07:00:00", "2028-02-29T07:00:00")]
    [InlineData(31, "2026-02-28T07:00:00", "2026-03-31T07:00:00")]
    [InlineData(31, "2026-04-01T00:00:00", "2026-04-30T07:00:00")]
    [InlineData(30, "2026-02-10T00:00:00", "2026-02-28T07:00:00")]
    // Later the same month, or into the next year.
    [InlineData(15, "2026-06-01T00:00:00", "2026-06-15T07:00:00")]
    [InlineData(1, "2026-12-01T07:00:00", "2027-01-01T07:00:00")]
    public void Monthly_IsThatDayOfTheMonthOrItsLastDay_StrictlyAfter(int day, string after, string expected) =>
        Assert.Equal(Utc(expected), ReportSchedule.NextDue(ReportCadence.Monthly, day, Seven, TimeZoneInfo.Utc, Utc(after)));

    [Fact]
    public void Weekly_AcrossDaylightSavingChanges_StaysAtTheSubscribersLocalHour()
    {
        // Berlin: CET (UTC+1) until 2026-03-29, CEST (UTC+2) until 2026-10-25.
        var beforeSpring = ReportSchedule.NextDue(ReportCadence.Weekly, (int)DayOfWeek.Monday, Seven, Berlin, Utc("2026-03-20T00:00:00"));
        var afterSpring = ReportSchedule.NextDue(ReportCadence.Weekly, (int)DayOfWeek.Monday, Seven, Berlin, beforeSpring);
        var beforeAutumn = ReportSchedule.NextDue(ReportCadence.Weekly, (int)DayOfWeek.Monday, Seven, Berlin, Utc("2026-10-19T04:00:00"));
        var afterAutumn = ReportSchedule.NextDue(ReportCadence.Weekly, (int)DayOfWeek.Monday, Seven, Berlin, beforeAutumn);

        Assert.Equal(Utc("2026-03-23T06:00:00"), beforeSpring);
        Assert.Equal(Utc("2026-03-30T05:00:00"), afterSpring);
        Assert.Equal(Utc("2026-10-19T05:00:00"), beforeAutumn);
        Assert.Equal(Utc("2026-10-26T06:00:00"), afterAutumn);
    }

    [Fact]
    public void AnHourTheClocksSkip_IsSentJustAfterTheGap_AndAnHourThatHappensTwice_AtItsFirstOccurrence()
    {
        var halfPastTwo = new TimeOnly(2, 30);

        // 02:30 does not exist on 2026-03-29 in Berlin: read as CET, it is 01:30 UTC (03:30 CEST).
        Assert.Equal(Utc("2026-03-29T01:30:00"), ReportSchedule.NextDue(ReportCadence.Weekly, (int)DayOfWeek.Sunday, halfPastTwo, Berlin, Utc("2026-03-28T00:00:00")));
        // 02:30 happens twice on 2026-10-25: first in CEST (00:30 UTC), then in CET (01:30 UTC).
        Assert.Equal(Utc("2026-10-25T00:30:00"), ReportSchedule.NextDue(ReportCadence.Monthly, 25, halfPastTwo, Berlin, Utc("2026-10-01T00:00:00")));
        // Once sent at the first, the second is not another sending: the next is a week on.
        Assert.Equal(Utc("2026-11-01T01:30:00"), ReportSchedule.NextDue(ReportCadence.Weekly, (int)DayOfWeek.Sunday, halfPastTwo, Berlin, Utc("2026-10-25T00:30:00")));
    }

    [Fact]
    public void Monthly_OnTheFirst_InBerlin_IsDueAtSevenLocal_WhateverTheOffset() =>
        Assert.Equal(Utc("2026-07-01T05:00:00"), ReportSchedule.NextDue(ReportCadence.Monthly, 1, Seven, Berlin, Utc("2026-06-15T00:00:00")));

    [Fact]
    public void Range_LastCalendarMonth_IsTheMonthBeforeTheSubscribersCurrentOne_AsWholeDays()
    {
        var march = ReportSchedule.Range(ReportPeriod.LastCalendarMonth, Berlin, Utc("2026-03-01T06:00:00"));
        // At 17:00 UTC on 28 February it is already 1 March in Kiritimati (UTC+14).
        var kiritimati = ReportSchedule.Range(ReportPeriod.LastCalendarMonth, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati"), Utc("2026-02-28T17:00:00"));
        var january = ReportSchedule.Range(ReportPeriod.LastCalendarMonth, TimeZoneInfo.Utc, Utc("2026-01-01T07:00:00"));

        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), (march.FromDay!.Value, march.ToDay!.Value));
        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), (kiritimati.FromDay!.Value, kiritimati.ToDay!.Value));
        Assert.Equal((new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 31)), (january.FromDay!.Value, january.ToDay!.Value));
    }

    [Fact]
    public void Range_Last7Days_IsTheReportPagesLastSevenDays() =>
        Assert.Equal("last:7", ReportSchedule.Range(ReportPeriod.Last7Days, Berlin, Utc("2026-03-01T06:00:00")).Key);

    [Theory]
    [InlineData(ReportCadence.Weekly, -1, false)]
    [InlineData(ReportCadence.Weekly, 0, true)]
    [InlineData(ReportCadence.Weekly, 6, true)]
    [InlineData(ReportCadence.Weekly, 7, false)]
    [InlineData(ReportCadence.Monthly, 0, false)]
    [InlineData(ReportCadence.Monthly, 1, true)]
    [InlineData(ReportCadence.Monthly, 31, true)]
    [InlineData(ReportCadence.Monthly, 32, false)]
    public void IsValidDay_AcceptsWeekdaysAndDaysOfTheMonth(ReportCadence cadence, int day, bool valid) =>
        Assert.Equal(valid, ReportSchedule.IsValidDay(cadence, day));
}
