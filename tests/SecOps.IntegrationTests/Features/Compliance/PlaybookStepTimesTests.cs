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
/// period, timed from their playbook's attachment, against their due time, with skips apart; the report carries the same table.
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
        var incident = new Incident { Title = "Phished", Severity = Severity.High, CreatedById = "seed", CreatedAt = T, UpdatedAt = T };
        db.Incidents.Add(incident);
        db.SaveChanges();
        var attached = new IncidentPlaybook
        {
            IncidentId = incident.Id, PlaybookVersionId = version.Id, PlaybookKey = "phishing", PlaybookName = "Phishing", Version = 1,
            AttachedAt = T, AttachedById = "seed", AttachedByName = "Seed",
        };
        db.IncidentPlaybooks.Add(attached);
        db.SaveChanges();
        IncidentTask Task(int position, string title, TaskState state, int? closedAfterMinutes, int dueAfterMinutes = 60) => new()
        {
            IncidentId = incident.Id, IncidentPlaybookId = attached.Id, StepKey = "s" + position, Position = position, Title = title,
            OwnerRole = "responder", State = state, DueAt = T.AddMinutes(dueAfterMinutes),
            ClosedAt = closedAfterMinutes is { } m ? T.AddMinutes(m) : null, ClosedById = "seed", ClosedByName = "Seed",
        };
        db.IncidentTasks.AddRange(
            Task(1, "Triage the report", TaskState.Done, 30),
            Task(2, "Block the sender", TaskState.Done, 90),
            Task(3, "Reset credentials", TaskState.Skipped, 15),
            Task(4, "Hunt for clicks", TaskState.Open, null),
            // Closed eleven days later: outside the period.
            Task(5, "Lessons learned", TaskState.Done, 60 * 24 * 11, 60 * 24 * 30));
        db.SaveChanges();
    }

    [Fact]
    public async Task Snapshot_TimesEachStepClosedInThePeriod_FromAttachment_AgainstItsDueTime()
    {
        Seed();

        var steps = (await _app.Get<ComplianceQueries>().LoadAsync(Actor.System, Range, CancellationToken.None)).Current.Steps;

        Assert.Equal(
        [
            new StepTime("Phishing", "Triage the report", new DurationStats(1, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30)), 1, 0, 0),
            new StepTime("Phishing", "Block the sender", new DurationStats(1, TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(90)), 0, 1, 0),
            new StepTime("Phishing", "Reset credentials", DurationStats.Empty, 0, 0, 1),
        ], steps);
    }

    [Fact]
    public async Task Report_CarriesTheStepTimesTable()
    {
        Seed();

        var report = await _app.Get<ReportQueries>().LoadAsync(Actor.System, Range, CancellationToken.None);

        var table = report.Tables.Single(t => t.Id == "step-times");
        Assert.Equal(
        [
            ["Phishing", "Triage the report", "1", "30m 00s", "30m 00s", "1", "0", "0"],
            ["Phishing", "Block the sender", "1", "1h 30m", "1h 30m", "0", "1", "0"],
            ["Phishing", "Reset credentials", "0", "–", "–", "0", "0", "1"],
        ], table.Rows);
    }
}
