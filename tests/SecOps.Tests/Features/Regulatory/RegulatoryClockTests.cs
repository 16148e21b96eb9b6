using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecOps.Web.Features.Regulatory;

namespace SecOps.Tests.Features.Regulatory;

/// <summary>
/// Regulatory clocks on a fake clock: GDPR Art. 33 (72 h) and NIS2 (24 h, 72 h, one month after the notification), before,
/// near and after each deadline, met by a recorded notification, and running from an awareness time earlier than creation.
/// </summary>
public sealed class RegulatoryClockTests
{
    // Aware on Friday morning; in most tests the incident is opened (created) only on Saturday, a day later.
    private static readonly DateTimeOffset Aware = new(2026, 10, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Aware);
    private readonly RegulatoryClock _clock;

    public RegulatoryClockTests() => _clock = new RegulatoryClock(Options.Create(new RegulatoryOptions { WarnWhenRemaining = 0.25 }), _time);

    private static NotificationView Sent(RegulatoryDuty duty, DateTimeOffset at, long id = 1) => new(id, duty, at, "Authority", "REF-1", "bo", at);

    private RegulatoryDeadline Gdpr(params NotificationView[] sent) =>
        Assert.Single(_clock.Evaluate(new RegulatoryFacts(Aware, PersonalData: true, Nis2: false, sent)));

    private IReadOnlyList<RegulatoryDeadline> Nis2(params NotificationView[] sent) =>
        _clock.Evaluate(new RegulatoryFacts(Aware, PersonalData: false, Nis2: true, sent));

    [Fact]
    public void NoRegimeChosen_RunsNoClock()
    {
        Assert.Empty(_clock.Evaluate(new RegulatoryFacts(Aware, false, false, [])));
    }

    [Fact]
    public void Gdpr_IsDue72HoursAfterAwareness_NotAfterCreation_RunningThenWarningThenMissed()
    {
        // Created a day after awareness: 48 h are left, not 72.
        _time.SetUtcNow(Aware.AddDays(1));
        var running = Gdpr();
        Assert.Equal((RegulatoryDuty.GdprAuthority, Aware.AddHours(72), Aware.AddHours(54), DeadlineState.Running), (running.Duty, running.Due, running.WarnAt, running.State));

        _time.SetUtcNow(Aware.AddHours(54).AddSeconds(-1));
        Assert.Equal(DeadlineState.Running, Gdpr().State);
        _time.SetUtcNow(Aware.AddHours(54));
        Assert.Equal(DeadlineState.Warning, Gdpr().State);
        _time.SetUtcNow(Aware.AddHours(72).AddSeconds(-1));
        Assert.Equal(DeadlineState.Warning, Gdpr().State);
        _time.SetUtcNow(Aware.AddHours(72));
        Assert.Equal(DeadlineState.Missed, Gdpr().State);
        _time.SetUtcNow(Aware.AddDays(30));
        Assert.Equal(DeadlineState.Missed, Gdpr().State);
    }

    [Fact]
    public void Gdpr_NotificationRecorded_MeetsItWhenSentInTime_AndIsLateAfter_WhateverTheTimeNow()
    {
        _time.SetUtcNow(Aware.AddDays(10));
        var inTime = Sent(RegulatoryDuty.GdprAuthority, Aware.AddHours(71));
        var met = Gdpr(inTime);
        Assert.Equal((DeadlineState.Met, inTime), (met.State, met.Sent));

        var late = Sent(RegulatoryDuty.GdprAuthority, Aware.AddHours(72).AddMinutes(1));
        Assert.Equal(DeadlineState.Late, Gdpr(late).State);
        // The earliest notification is the one that counts, in whatever order they were recorded.
        var both = Gdpr(late, inTime with { Id = 2 });
        Assert.Equal((DeadlineState.Met, inTime.SentAt), (both.State, both.Sent!.SentAt));
        // A notification of another duty meets nothing here.
        Assert.Equal(DeadlineState.Missed, Gdpr(Sent(RegulatoryDuty.Nis2Notification, Aware.AddHours(1))).State);
    }

    [Fact]
    public void Nis2_EarlyWarningAt24Hours_NotificationAt72Hours_FinalReportAMonthAfterTheNotificationsDeadline()
    {
        _time.SetUtcNow(Aware.AddHours(1));
        var clocks = Nis2();
        Assert.Equal(
            [(RegulatoryDuty.Nis2EarlyWarning, Aware.AddHours(24), DeadlineState.Running),
             (RegulatoryDuty.Nis2Notification, Aware.AddHours(72), DeadlineState.Running),
             (RegulatoryDuty.Nis2FinalReport, Aware.AddHours(72).AddMonths(1), DeadlineState.Running)],
            clocks.Select(c => (c.Duty, c.Due, c.State)));

        _time.SetUtcNow(Aware.AddHours(18));
        Assert.Equal([DeadlineState.Warning, DeadlineState.Running, DeadlineState.Running], Nis2().Select(c => c.State));
        _time.SetUtcNow(Aware.AddHours(24));
        Assert.Equal([DeadlineState.Missed, DeadlineState.Running, DeadlineState.Running], Nis2().Select(c => c.State));
        _time.SetUtcNow(Aware.AddHours(72));
        Assert.Equal([DeadlineState.Missed, DeadlineState.Missed, DeadlineState.Running], Nis2().Select(c => c.State));
        _time.SetUtcNow(Aware.AddHours(72).AddMonths(1));
        Assert.Equal([DeadlineState.Missed, DeadlineState.Missed, DeadlineState.Missed], Nis2().Select(c => c.State));
    }

    [Fact]
    public void Nis2_FinalReport_RunsOneCalendarMonthFromTheNotificationSent_AndWarnsInItsLastQuarter()
    {
        var notified = Aware.AddHours(30);
        _time.SetUtcNow(notified.AddDays(1));
        var report = Nis2(Sent(RegulatoryDuty.Nis2EarlyWarning, Aware.AddHours(20), 1), Sent(RegulatoryDuty.Nis2Notification, notified, 2))[2];
        // 24 Oct 15:00 + one month = 24 Nov 15:00 (31 days: October has 31).
        Assert.Equal((notified, new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero), DeadlineState.Running), (report.Start, report.Due, report.State));
        Assert.Equal(report.Due - TimeSpan.FromDays(31 * 0.25), report.WarnAt);

        _time.SetUtcNow(report.WarnAt);
        Assert.Equal(DeadlineState.Warning, Nis2(Sent(RegulatoryDuty.Nis2Notification, notified, 2))[2].State);
        var final = Sent(RegulatoryDuty.Nis2FinalReport, report.Due.AddHours(-1), 3);
        _time.SetUtcNow(report.Due.AddDays(2));
        var all = Nis2(Sent(RegulatoryDuty.Nis2EarlyWarning, Aware.AddHours(20), 1), Sent(RegulatoryDuty.Nis2Notification, notified, 2), final);
        Assert.Equal([DeadlineState.Met, DeadlineState.Met, DeadlineState.Met], all.Select(c => c.State));
    }

    [Fact]
    public void BothRegimes_RunSideBySide_InTheOrderTheyAreShown()
    {
        _time.SetUtcNow(Aware.AddDays(1));
        var clocks = _clock.Evaluate(new RegulatoryFacts(Aware, true, true, []));

        Assert.Equal([RegulatoryDuty.GdprAuthority, RegulatoryDuty.Nis2EarlyWarning, RegulatoryDuty.Nis2Notification, RegulatoryDuty.Nis2FinalReport], clocks.Select(c => c.Duty));
        // A day after awareness the NIS2 early warning is already due now: it shows as missed at once, not as 24 h left.
        Assert.Equal(DeadlineState.Missed, clocks[1].State);
    }

    [Fact]
    public void AwarenessGivenInAnotherOffset_CountsTheSameInstant()
    {
        var local = Aware.ToOffset(TimeSpan.FromHours(2));
        var clock = Assert.Single(_clock.Evaluate(new RegulatoryFacts(local, true, false, [])));

        Assert.Equal((Aware.AddHours(72), TimeSpan.Zero), (clock.Due, clock.Due.Offset));
    }
}
