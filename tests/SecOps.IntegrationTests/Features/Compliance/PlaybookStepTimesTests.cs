using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;
using SecOps.Web.Features.Reports;

namespace SecOps.IntegrationTests.Features.Compliance;

/// <summary>
/// Playbook step times read from the store (SQLite, or PostgreSQL with SECOPS_TEST_STORE=Postgres): steps closed in the
/// period and phases completed in it, per playbook version, timed from the attachment, against their due times, with skips
/// apart; the playbook drill-down gives one playbook's share of the same figures; the report carries the same tables.
/// </summary>
public sealed class PlaybookStepTimesTests : IDisposable
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
    private static readonly DateTimeOffset T = new(Yesterday.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
    private static readonly ComplianceRange Range = new(null, Yesterday.AddDays(-1), Yesterday);
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private void Seed()
    {
        using var db = TestStore.Open(_app.DataDirectory);
        var version = db.PlaybookVersions.OrderBy(v => v.Id).First();
        IncidentPlaybook Attach(string key, string name)
        {
            var incident = new Incident { Title = "Phished", Severity = Severity.High, CreatedById = "seed", CreatedAt = T, UpdatedAt = T };
            db.Incidents.Add(incident);
            db.SaveChanges();
            var attached = new IncidentPlaybook
            {
                IncidentId = incident.Id, PlaybookVersionId = version.Id, PlaybookKey = key, PlaybookName = name, Version = 1,
                AttachedAt = T, AttachedById = "seed", AttachedByName = "Seed",
            };
            db.IncidentPlaybooks.Add(attached);
            db.SaveChanges();
            return attached;
        }
        IncidentTask Task(IncidentPlaybook attached, IncidentPhase phase, int position, string title, TaskState state, int? closedAfterMinutes, int dueAfterMinutes = 60) => new()
        {
            IncidentId = attached.IncidentId, IncidentPlaybookId = attached.Id, StepKey = "s" + position, Phase = phase, Position = position, Title = title,
            OwnerRole = "responder", State = state, DueAt = T.AddMinutes(dueAfterMinutes),
            ClosedAt = closedAfterMinutes is { } m ? T.AddMinutes(m) : null, ClosedById = "seed", ClosedByName = "Seed",
        };
        var first = Attach("phishing", "Phishing");
        var second = Attach("phishing", "Phishing");
        var other = Attach("ddos", "DDoS");
        db.IncidentTasks.AddRange(
            Task(first, IncidentPhase.DetectionAndAnalysis, 1, "Triage the report", TaskState.Done, 30),
            Task(first, IncidentPhase.DetectionAndAnalysis, 2, "Block the sender", TaskState.Done, 90),
            // A phase whose only step was skipped: counted apart, not timed.
            Task(first, IncidentPhase.Containment, 3, "Reset credentials", TaskState.Skipped, 15),
            // A phase with a step still open is not complete, though its other step was done.
            Task(first, IncidentPhase.EradicationAndRecovery, 4, "Hunt for clicks", TaskState.Open, null),
            Task(first, IncidentPhase.EradicationAndRecovery, 5, "Purge the mail", TaskState.Done, 45),
            // Closed eleven days later: outside the period.
            Task(first, IncidentPhase.PostIncident, 6, "Lessons learned", TaskState.Done, 60 * 24 * 11, 60 * 24 * 30),
            Task(second, IncidentPhase.DetectionAndAnalysis, 1, "Triage the report", TaskState.Done, 10),
            Task(second, IncidentPhase.DetectionAndAnalysis, 2, "Block the sender", TaskState.Done, 50),
            Task(other, IncidentPhase.DetectionAndAnalysis, 1, "Engage the provider", TaskState.Done, 20));
        db.SaveChanges();
    }

    private static DurationStats Minutes(long count, int median, int p90) => new(count, TimeSpan.FromMinutes(median), TimeSpan.FromMinutes(p90));

    // Triage: 30 and 10 min, both by their due time (60) -> median 20, p90 30. Block: 90 (late) and 50 -> median 70, p90 90.
    private static readonly StepTime[] PhishingSteps =
    [
        new("phishing", "Phishing", 1, IncidentPhase.DetectionAndAnalysis, "Triage the report", Minutes(2, 20, 30), 2, 0, 0),
        new("phishing", "Phishing", 1, IncidentPhase.DetectionAndAnalysis, "Block the sender", Minutes(2, 70, 90), 1, 1, 0),
        new("phishing", "Phishing", 1, IncidentPhase.Containment, "Reset credentials", DurationStats.Empty, 0, 0, 1),
        new("phishing", "Phishing", 1, IncidentPhase.EradicationAndRecovery, "Purge the mail", Minutes(1, 45, 45), 1, 0, 0),
    ];

    // Detection completed at 90 min (late: its steps were due at 60) and at 50 (on time); containment wholly skipped;
    // eradication not complete (a step open); post-incident completed outside the period.
    private static readonly PhaseTime[] PhishingPhases =
    [
        new("phishing", "Phishing", 1, IncidentPhase.DetectionAndAnalysis, Minutes(2, 70, 90), 1, 1, 0),
        new("phishing", "Phishing", 1, IncidentPhase.Containment, DurationStats.Empty, 0, 0, 1),
    ];

    [Fact]
    public async Task Snapshot_TimesStepsAndPhasesClosedInThePeriod_PerVersion_FromAttachment_AgainstDueTimes_SkipsApart()
    {
        Seed();

        var report = (await _app.Get<ComplianceQueries>().LoadAsync(Actor.System, Range, CancellationToken.None)).Current;

        Assert.Equal([new StepTime("ddos", "DDoS", 1, IncidentPhase.DetectionAndAnalysis, "Engage the provider", Minutes(1, 20, 20), 1, 0, 0), .. PhishingSteps], report.Steps);
        Assert.Equal([new PhaseTime("ddos", "DDoS", 1, IncidentPhase.DetectionAndAnalysis, Minutes(1, 20, 20), 1, 0, 0), .. PhishingPhases], report.Phases);
    }

    [Fact]
    public async Task PlaybookTimes_GivesOnePlaybooksFigures_AsTheSnapshotHasThem()
    {
        Seed();

        var times = await _app.Get<ComplianceQueries>().PlaybookTimesAsync(Actor.System, "phishing", Range, CancellationToken.None);

        Assert.Equal(PhishingSteps, times.Steps);
        Assert.Equal(PhishingPhases, times.Phases);
    }

    [Fact]
    public async Task Report_CarriesTheStepAndPhaseTimesTables()
    {
        Seed();

        var report = await _app.Get<ReportQueries>().LoadAsync(Actor.System, Range, CancellationToken.None);

        Assert.Equal(
        [
            ["DDoS", "v1", "Detection and analysis", "Engage the provider", "1", "20m 00s", "20m 00s", "1", "0", "0"],
            ["Phishing", "v1", "Detection and analysis", "Triage the report", "2", "20m 00s", "30m 00s", "2", "0", "0"],
            ["Phishing", "v1", "Detection and analysis", "Block the sender", "2", "1h 10m", "1h 30m", "1", "1", "0"],
            ["Phishing", "v1", "Containment", "Reset credentials", "0", "–", "–", "0", "0", "1"],
            ["Phishing", "v1", "Eradication and recovery", "Purge the mail", "1", "45m 00s", "45m 00s", "1", "0", "0"],
        ], report.Tables.Single(t => t.Id == "step-times").Rows);
        Assert.Equal(
        [
            ["DDoS", "v1", "Detection and analysis", "1", "20m 00s", "20m 00s", "1", "0", "0"],
            ["Phishing", "v1", "Detection and analysis", "2", "1h 10m", "1h 30m", "1", "1", "0"],
            ["Phishing", "v1", "Containment", "0", "–", "–", "0", "0", "1"],
        ], report.Tables.Single(t => t.Id == "phase-times").Rows);
    }
}
