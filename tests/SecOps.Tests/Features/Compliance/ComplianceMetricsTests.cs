using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Sla;

namespace SecOps.Tests.Features.Compliance;

public sealed class ComplianceMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);
    private static readonly MetricPeriod Period = new(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly long Day0 = ComplianceMetrics.DayNumber(new DateOnly(2026, 3, 29));

    private static ComplianceMetrics Engine(ComplianceOptions? options = null) =>
        new(Options.Create(new SlaOptions()), Options.Create(options ?? new ComplianceOptions()), new FakeTimeProvider(Now));

    private static DurationCount D(Severity severity, long seconds, long count = 1, long? day = null) => new(severity, day ?? Day0, seconds, count);

    [Fact]
    public void Compute_TimeMetrics_SplitPerSeverityWithMedianAndP90()
    {
        var facts = new ComplianceFacts
        {
            Acknowledge = [D(Severity.High, 60), D(Severity.High, 120), D(Severity.High, 3600), D(Severity.Critical, 300, 2)],
        };

        var report = Engine().Compute(Period, facts, Now);

        // All: 60 120 300 300 3600 -> median 300, p90 rank 5 = 3600.
        Assert.Equal(new DurationStats(5, TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(3600)), report.Acknowledge.All);
        Assert.Equal(new DurationStats(3, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(3600)), report.Acknowledge.BySeverity[Severity.High]);
        Assert.Equal(new DurationStats(2, TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(300)), report.Acknowledge.BySeverity[Severity.Critical]);
        Assert.Equal(DurationStats.Empty, report.Acknowledge.BySeverity[Severity.Low]);
        Assert.Equal("MTTA", report.Acknowledge.Name);
    }

    [Fact]
    public void Compute_StepTimes_PerPlaybookVersionAndStepInOrder_DoneTimedAgainstDue_SkipsApart()
    {
        var start = Now.AddDays(-1);
        var run = 0L;
        StepSpan Step(string playbook, int position, string step, int minutes, int dueMinutes = 60, bool skipped = false, int version = 1) =>
            new(++run, playbook.ToLowerInvariant(), playbook, version, IncidentPhase.Containment, position, step, start, start.AddMinutes(dueMinutes), start.AddMinutes(minutes), skipped);
        var facts = new ComplianceFacts
        {
            Steps =
            [
                Step("Phishing", 2, "Block sender", 30), Step("Phishing", 2, "Block sender", 90), Step("Phishing", 2, "Block sender", 10),
                Step("Phishing", 2, "Block sender", 45, skipped: true),
                Step("Phishing", 2, "Block the sender", 70, version: 2),
                Step("Phishing", 1, "Triage the report", 5),
                Step("DDoS", 1, "Engage the provider", 20), Step("DDoS", 1, "Engage the provider", 40),
                // Closed before the period: not counted in it.
                new(++run, "ddos", "DDoS", 1, IncidentPhase.Containment, 1, "Engage the provider", Period.From.AddHours(-2), Period.From, Period.From.AddMinutes(-1), false),
            ],
        };

        var steps = Engine().Compute(Period, facts, Now).Steps;

        // Playbooks by name, versions in order, steps by their place. Block sender (v1): done in 10, 30, 90 min ->
        // median 30, p90 rank 3 = 90; due at 60: two on time, one late; the skipped one is not timed. v2 stands apart.
        Assert.Equal(["DDoS v1/Engage the provider", "Phishing v1/Triage the report", "Phishing v1/Block sender", "Phishing v2/Block the sender"],
            steps.Select(s => $"{s.Playbook} v{s.Version}/{s.Step}"));
        Assert.Equal(new StepTime("phishing", "Phishing", 1, IncidentPhase.Containment, "Block sender", new DurationStats(3, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(90)), 2, 1, 1), steps[2]);
        Assert.Equal(new DurationStats(1, TimeSpan.FromMinutes(70), TimeSpan.FromMinutes(70)), steps[3].Duration);
        Assert.Equal((0, 1), (steps[3].OnTime, steps[3].Late));
        // Engage the provider: 20 and 40 -> median 30 (the mean of the two middle values), p90 rank 2 = 40.
        Assert.Equal(new StepTime("ddos", "DDoS", 1, IncidentPhase.Containment, "Engage the provider", new DurationStats(2, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(40)), 2, 0, 0), steps[0]);
    }

    [Fact]
    public void Compute_PhaseTimes_FromAttachmentToTheLastStepClosed_OnlyCompletePhasesInThePeriod_AllSkippedApart()
    {
        var start = Period.From.AddHours(1);
        StepSpan Step(long run, IncidentPhase phase, int position, int? closedMinutes, int dueMinutes = 60, bool skipped = false) =>
            new(run, "ransomware", "Ransomware", 3, phase, position, "step " + position, start, start.AddMinutes(dueMinutes),
                closedMinutes is { } m ? start.AddMinutes(m) : null, skipped);
        var facts = new ComplianceFacts
        {
            Steps =
            [
                // Run 1: detection's steps closed at 20 and 100 (one skipped, still timed by the done one): complete at 100,
                // due by 120 -> on time. Containment: one step open -> not complete.
                Step(1, IncidentPhase.DetectionAndAnalysis, 1, 20), Step(1, IncidentPhase.DetectionAndAnalysis, 2, 100, dueMinutes: 120, skipped: true),
                Step(1, IncidentPhase.Containment, 3, 30), Step(1, IncidentPhase.Containment, 4, null),
                // Run 2: detection complete at 200, due by 60 -> late; containment wholly skipped -> apart.
                Step(2, IncidentPhase.DetectionAndAnalysis, 1, 200), Step(2, IncidentPhase.DetectionAndAnalysis, 2, 150),
                Step(2, IncidentPhase.Containment, 3, 210, skipped: true),
                // Run 3: detection complete after the period's end.
                Step(3, IncidentPhase.DetectionAndAnalysis, 1, 60 * 24 * 5), Step(3, IncidentPhase.DetectionAndAnalysis, 2, 10),
            ],
        };

        var phases = Engine().Compute(Period, facts, Now).Phases;

        // Detection: 100 and 200 min -> median 150, p90 rank 2 = 200; one on time, one late.
        Assert.Equal(
        [
            new PhaseTime("ransomware", "Ransomware", 3, IncidentPhase.DetectionAndAnalysis, new DurationStats(2, TimeSpan.FromMinutes(150), TimeSpan.FromMinutes(200)), 1, 1, 0),
            new PhaseTime("ransomware", "Ransomware", 3, IncidentPhase.Containment, DurationStats.Empty, 0, 0, 1),
        ], phases);
    }

    [Fact]
    public void Compute_SlaAdherence_CountsLateAndOverdueAsMissedAndTheRestAsPending()
    {
        // Defaults: acknowledge critical within 15 min (900 s), high within 1 h (3600 s, exactly on time is met).
        var facts = new ComplianceFacts
        {
            Acknowledge = [D(Severity.Critical, 300), D(Severity.Critical, 1200), D(Severity.High, 3600), D(Severity.High, 3601)],
            Unfinished = [new UnfinishedCount(Severity.Critical, Unacknowledged: 3, UnacknowledgedOverdue: 1, Unclosed: 3, UnclosedOverdue: 0)],
        };

        var report = Engine().Compute(Period, facts, Now);

        Assert.Equal(new SlaCounts(1, 2, 2), report.AcknowledgeSla.BySeverity[Severity.Critical]);
        Assert.Equal(1.0 / 3, report.AcknowledgeSla.BySeverity[Severity.Critical].Rate!.Value, 10);
        Assert.Equal(new SlaCounts(1, 1, 0), report.AcknowledgeSla.BySeverity[Severity.High]);
        Assert.Equal(new SlaCounts(2, 3, 2), report.AcknowledgeSla.All);
        Assert.Equal(0.4, report.AcknowledgeSla.All.Rate!.Value, 10);
        Assert.Null(report.AcknowledgeSla.BySeverity[Severity.Low].Rate);
        Assert.Equal(new SlaCounts(0, 0, 3), report.ResolveSla.All);
    }

    [Fact]
    public void Cutoffs_AreNowLessEachTarget()
    {
        var cutoffs = Engine().Cutoffs(Now);

        Assert.Equal(Now.AddMinutes(-15), cutoffs.Acknowledge[Severity.Critical]);
        Assert.Equal(Now.AddDays(-7), cutoffs.Resolve[Severity.Low]);
        Assert.Equal([Now.AddHours(-1), Now.AddHours(-4), Now.AddHours(-24), Now.AddDays(-7)], cutoffs.AgeBands);
    }

    [Fact]
    public void Compute_Incidents_SkippedContainmentHasNoMttc_OpenOneHasNoMttr()
    {
        var t0 = new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.Zero);
        var facts = new ComplianceFacts
        {
            Incidents =
            [
                new IncidentTimes(1, Severity.High, t0, t0.AddMinutes(30), t0.AddHours(4)),
                new IncidentTimes(2, Severity.High, t0, null, t0.AddHours(2)),
                new IncidentTimes(3, Severity.Critical, t0, t0.AddMinutes(10), null),
            ],
        };

        var report = Engine().Compute(Period, facts, Now);

        // MTTC: 1800 s (high), 600 s (critical): median 1200, p90 rank 2 = 1800.
        Assert.Equal(new DurationStats(2, TimeSpan.FromSeconds(1200), TimeSpan.FromSeconds(1800)), report.Contain.All);
        Assert.Equal(1, report.Contain.BySeverity[Severity.High].Count);
        // MTTR: 14400 s and 7200 s (both high): median 10800, p90 14400; the open critical one has none.
        Assert.Equal(new DurationStats(2, TimeSpan.FromHours(3), TimeSpan.FromHours(4)), report.Resolve.All);
        Assert.Equal(DurationStats.Empty, report.Resolve.BySeverity[Severity.Critical]);
    }

    [Fact]
    public void Compute_DurationAcrossADstChange_IsTheElapsedTimeNotTheWallClockDifference()
    {
        // Central Europe springs forward on 2026-03-29: 01:30 CET to 03:30 CEST looks like two hours and is one.
        var created = new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(1));
        var resolved = new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2));
        var facts = new ComplianceFacts { Incidents = [new IncidentTimes(1, Severity.Medium, created, null, resolved)] };

        var report = Engine().Compute(Period, facts, Now);

        Assert.Equal(TimeSpan.FromHours(1), report.Resolve.All.Median);
    }

    [Fact]
    public void Durations_GroupSpansByWholeSecondAndDay_NegativeSkewCountsAsZero()
    {
        var start = new DateTimeOffset(2026, 3, 30, 23, 59, 0, TimeSpan.Zero);
        var durations = ComplianceMetrics.Durations(
        [
            (Severity.Low, start, start.AddSeconds(90.7)),
            (Severity.Low, start, start.AddSeconds(90.2)),
            (Severity.Low, start, start.AddSeconds(-5)),
        ]);

        Assert.Equal(2, durations.Count);
        Assert.Contains(new DurationCount(Severity.Low, Day0 + 1, 90, 2), durations);
        Assert.Contains(new DurationCount(Severity.Low, Day0 + 1, 0, 1), durations);
    }

    [Fact]
    public void Compute_Backlog_SumsBandsPerSeverity()
    {
        var facts = new ComplianceFacts
        {
            Backlog = [new BacklogCount(Severity.High, 0, 4), new BacklogCount(Severity.High, 4, 1), new BacklogCount(Severity.Low, 2, 3)],
        };

        var report = Engine().Compute(Period, facts, Now);

        Assert.Equal(8, report.Backlog.Total);
        Assert.Equal([4L, 0, 0, 0, 1], report.Backlog.BySeverity[Severity.High]);
        Assert.Equal(3, report.Backlog.InBand(2));
        Assert.Equal(0, report.Backlog.InBand(1));
    }

    [Fact]
    public void Compute_FalsePositiveRatesAndNoisyRules()
    {
        var facts = new ComplianceFacts
        {
            Rules =
            [
                new RuleCounts("r1", "Mostly wrong", 20, 10, 6, 0),
                new RuleCounts("r2", "Few but wrong", 5, 5, 5, 0),
                new RuleCounts("r3", "Mostly suppressed", 30, 10, 1, 20),
                new RuleCounts("r4", "Good", 40, 20, 2, 0),
            ],
        };

        var report = Engine(new ComplianceOptions { NoisyMinimumAlerts = 10, NoisyFalsePositiveRate = 0.5 }).Compute(Period, facts, Now);

        Assert.Equal(["Mostly suppressed", "Mostly wrong"], report.NoisyRules.Select(r => r.RuleName).Order());
        Assert.Equal(0.6, report.Rules.Single(r => r.RuleId == "r1").FalsePositiveRate!.Value, 10);
        Assert.Equal(95, report.Alerts);
        Assert.Equal(20, report.Suppressed);
        Assert.Equal(45, report.Closed);
        Assert.Equal(14, report.FalsePositives);
        Assert.Equal(14.0 / 45, report.FalsePositiveRate!.Value, 10);
        Assert.Equal("Good", report.Rules[0].RuleName);
    }

    [Fact]
    public void Compute_OwaspVolume_CountsRulesMappedByIdOrName()
    {
        var options = new ComplianceOptions
        {
            Owasp =
            [
                new OwaspCategory { Id = "A03:2021", Name = "Injection", Rules = ["waf-sqli", "XSS attempt"] },
                new OwaspCategory { Id = "A10:2021", Name = "Server-Side Request Forgery" },
            ],
        };
        var facts = new ComplianceFacts
        {
            Rules = [new RuleCounts("waf-sqli", "SQLi", 20, 0, 0, 0), new RuleCounts(null, "XSS attempt", 4, 0, 0, 0), new RuleCounts("other", "Other", 9, 0, 0, 0)],
        };

        var report = Engine(options).Compute(Period, facts, Now);

        Assert.Equal([new KeyCount("A03:2021 Injection", 24), new KeyCount("A10:2021 Server-Side Request Forgery", 0)], report.ByOwasp);
    }

    [Fact]
    public void Compute_Trend_HasEveryDayOfThePeriodWithItsCountAndMedian()
    {
        var facts = new ComplianceFacts
        {
            Days = [new DaySeverityCount(Day0, Severity.High, 2), new DaySeverityCount(Day0, Severity.Low, 1), new DaySeverityCount(Day0 + 2, Severity.Low, 5)],
            Acknowledge = [D(Severity.High, 60, day: Day0), D(Severity.Low, 180, day: Day0), D(Severity.Low, 30, day: Day0 + 2)],
        };

        var report = Engine().Compute(Period, facts, Now);

        Assert.Equal([new DateOnly(2026, 3, 29), new DateOnly(2026, 3, 30), new DateOnly(2026, 3, 31)], report.Trend.Select(t => t.Day));
        Assert.Equal([3L, 0, 5], report.Trend.Select(t => t.Alerts));
        Assert.Equal(TimeSpan.FromSeconds(120), report.Trend[0].Acknowledge.Median);
        Assert.Equal(DurationStats.Empty, report.Trend[1].Acknowledge);
    }

    [Fact]
    public void Compute_EmptyPeriod_HasNoFiguresAndNoRates()
    {
        var report = Engine().Compute(Period, new ComplianceFacts(), Now);

        Assert.Equal(DurationStats.Empty, report.Detect.All);
        Assert.Equal(DurationStats.Empty, report.Contain.All);
        Assert.Null(report.AcknowledgeSla.All.Rate);
        Assert.Null(report.FalsePositiveRate);
        Assert.Equal(0, report.Backlog.Total);
        Assert.Empty(report.NoisyRules);
        Assert.All(report.Trend, t => Assert.Equal(0, t.Alerts));
        Assert.Equal(Now, report.ComputedAt);
    }

    [Fact]
    public void Compute_AnalystWorkload_BusiestFirst()
    {
        var facts = new ComplianceFacts { Analysts = [new AnalystCounts("bo", 1, 1, 0), new AnalystCounts("al", 5, 2, 3)] };

        var report = Engine().Compute(Period, facts, Now);

        Assert.Equal(["al", "bo"], report.Analysts.Select(a => a.Analyst));
    }
}
