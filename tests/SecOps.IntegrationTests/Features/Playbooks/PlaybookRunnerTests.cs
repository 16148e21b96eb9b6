using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Evidence;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Playbooks;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Playbooks;

/// <summary>Working a playbook on an incident: suggestions, attachment into tasks with SLA due times, complete/skip/reopen with evidence, overdue flags, timeline, audit, live notices, roles.</summary>
public sealed class PlaybookRunnerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SecOpsApp _app;
    private static readonly Actor Responder = As(Roles.Responder, "bo");

    public PlaybookRunnerTests() => _app = new SecOpsApp(time: _time);

    public void Dispose() => _app.Dispose();

    private async Task<long> PhishingIncidentAsync()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("phish-1", rule: "Suspicious email link clicked", severity: "high"));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var alert = await db.Alerts.SingleAsync(a => a.DocumentId == "phish-1");
        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("Phishing wave", Type: IncidentType.Fraud), [alert.Id], CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.IncidentId;
    }

    [Fact]
    public async Task NewPhishingIncident_SuggestsThePhishingPlaybookFirst_WithWhyItMatched()
    {
        var id = await PhishingIncidentAsync();

        var suggestions = await _app.Get<IncidentTasks>().SuggestAsync(As(Roles.Analyst, "ana"), id, CancellationToken.None);

        Assert.Equal("phishing", suggestions[0].Key);
        Assert.Equal(["Incident type is fraud", "Rule “Suspicious email link clicked” matches “*suspicious email*”", "Severity is high"], suggestions[0].Reasons);
    }

    [Fact]
    public async Task Attaching_MakesEachStepATask_DueAtAttachmentPlusItsSla_AndTheSuggestionGoes()
    {
        var id = await PhishingIncidentAsync();
        var attachedAt = _time.GetUtcNow();

        var outcome = await _app.Get<PlaybookRunner>().AttachAsync(Responder, id, "phishing", CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var definition = (await _app.Get<PlaybookLibrary>().GetAsync(Responder, "phishing", null, CancellationToken.None))!.Definition;
        var board = await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None);
        Assert.Equal(definition.Steps.Select(s => (s.Key, attachedAt + s.Sla)), board.Tasks.Select(t => (t.StepKey, t.DueAt)));
        Assert.All(board.Tasks, t => Assert.Equal(TaskState.Open, t.State));
        Assert.Equal(definition.Phases.Select(p => (p.Phase, 0, p.Steps.Count)), board.Progress.Select(p => (p.Phase, p.Closed, p.Total)));
        Assert.DoesNotContain(await _app.Get<IncidentTasks>().SuggestAsync(Responder, id, CancellationToken.None), s => s.Key == "phishing");
        Assert.False((await _app.Get<PlaybookRunner>().AttachAsync(Responder, id, "phishing", CancellationToken.None)).Succeeded);
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(Responder, id, CancellationToken.None);
        Assert.Contains(timeline, e => e.Title == $"Playbook attached: Phishing v1 ({definition.Steps.Count()} tasks)" && e.Who == Responder.Name);
    }

    private async Task<EvidenceView> UploadAsync(long incidentId, string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var outcome = await _app.Get<IncidentEvidence>().UploadAsync(Responder, incidentId, name, bytes.Length, new MemoryStream(bytes), CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        var file = (await _app.Get<IncidentEvidence>().ListAsync(Responder, incidentId, CancellationToken.None)).Single(f => f.Id == outcome.EvidenceId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        return file;
    }

    [Fact]
    public async Task AStepRequiringAFile_IsDoneWithOneOfItsIncidentsEvidenceFiles_Linked_OnTheTimelineAndInTheExport_NeverAnotherIncidentsFile()
    {
        var id = await PhishingIncidentAsync();
        var runner = _app.Get<PlaybookRunner>();
        await runner.AttachAsync(Responder, id, "phishing", CancellationToken.None);
        var task = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks.Single(t => t.StepKey == "scope-recipients");
        Assert.Equal([EvidenceKind.File], task.Evidence);
        // Another incident, restricted to its creator: its file cannot be linked here, by someone outside it or not.
        var other = await _app.Get<IncidentEscalation>().CreateAsync(Responder, new NewIncident("Insider case", Restricted: true), [], CancellationToken.None);
        var theirs = await UploadAsync(other.IncidentId, "payroll.xlsx", "salaries");
        var mine = await UploadAsync(id, "message-trace.csv", "recipient,delivered\nana@example.test,yes");

        var none = await runner.CompleteAsync(Responder, task.Id, task.Version, new TaskEvidence(Note: "see the trace"), CancellationToken.None);
        var foreign = await runner.CompleteAsync(Responder, task.Id, task.Version, new TaskEvidence(FileId: theirs.Id), CancellationToken.None);
        var unknown = await runner.CompleteAsync(Responder, task.Id, task.Version, new TaskEvidence(FileId: 999_999), CancellationToken.None);
        var done = await runner.CompleteAsync(Responder, task.Id, task.Version, new TaskEvidence(FileId: mine.Id), CancellationToken.None);

        Assert.Equal("This step needs evidence: Evidence file.", none.Error);
        Assert.Equal("Pick one of this incident's evidence files.", foreign.Error);
        Assert.Equal("Pick one of this incident's evidence files.", unknown.Error);
        Assert.True(done.Succeeded, done.Error);
        var reference = $"message-trace.csv (SHA-256 {mine.Sha256})";
        var stored = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks.Single(t => t.Id == task.Id);
        Assert.Equal((TaskState.Done, mine.Id, reference), (stored.State, stored.EvidenceFileId, stored.EvidenceFile));
        var export = (await _app.Get<IncidentExportReader>().ReadAsync(Responder, id, CancellationToken.None))!;
        var line = $"Task done: Find every recipient of the campaign (evidence file {reference})";
        var entry = Assert.Single(export.Timeline, e => e.Title == line);
        Assert.Contains(IncidentExport.TimelineLine(entry), IncidentExport.Markdown(export), StringComparison.Ordinal);

        // Skipping after a reopen drops the link; the file itself stays in the evidence list.
        var reopened = await runner.ReopenAsync(Responder, task.Id, stored.Version, CancellationToken.None);
        var skipped = await runner.SkipAsync(Responder, task.Id, stored.Version + 1, "traced by the mail team", CancellationToken.None);
        Assert.True(reopened.Succeeded && skipped.Succeeded);
        var after = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks.Single(t => t.Id == task.Id);
        Assert.Equal((null, null), (after.EvidenceFileId, after.EvidenceFile));
        Assert.Contains(await _app.Get<IncidentEvidence>().ListAsync(Responder, id, CancellationToken.None), f => f.Id == mine.Id);
    }

    [Fact]
    public async Task CompletingAStep_NeedsTheEvidenceItRequires_RecordsWhoWhenAndWhat_AndIsLive()
    {
        var id = await PhishingIncidentAsync();
        var runner = _app.Get<PlaybookRunner>();
        await runner.AttachAsync(Responder, id, "phishing", CancellationToken.None);
        var task = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks.Single(t => t.StepKey == "collect-sample");
        var notified = new List<long>();
        using var _ = _app.Get<LiveFeed>().SubscribeIncidents(change => { lock (notified) { notified.Add(change.Incident.Id); } });
        _time.Advance(TimeSpan.FromMinutes(10));

        var file = await UploadAsync(id, "message.eml", "Received: from mx.example.test");
        var refused = await runner.CompleteAsync(Responder, task.Id, task.Version, new TaskEvidence(FileId: file.Id), CancellationToken.None);
        var done = await runner.CompleteAsync(Responder, task.Id, task.Version, new TaskEvidence("Headers saved", file.Id, "ip:203.0.113.7"), CancellationToken.None);

        Assert.Equal("This step needs evidence: Observable.", refused.Error);
        Assert.True(done.Succeeded, done.Error);
        var stored = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks.Single(t => t.Id == task.Id);
        Assert.Equal((TaskState.Done, "bo@example.test", _time.GetUtcNow(), file.Id, $"message.eml (SHA-256 {file.Sha256})", "ip:203.0.113.7"),
            (stored.State, stored.ClosedByName, stored.ClosedAt!.Value, stored.EvidenceFileId, stored.EvidenceFile, stored.EvidenceObservable));
        lock (notified)
        {
            Assert.Contains(id, notified);
        }
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(Responder, id, CancellationToken.None);
        Assert.Contains(timeline, e => e.Title == $"Task done: Collect the original message with full headers (evidence file message.eml (SHA-256 {file.Sha256}))");
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "incident.task.complete" && r.Target == "task:" + task.Id && r.ActorId == "bo" && r.Outcome == AuditOutcome.Success));
    }

    [Fact]
    public async Task SkipNeedsAReason_ReopenOpensAgain_AndAStaleChangeIsRefused()
    {
        var id = await PhishingIncidentAsync();
        var runner = _app.Get<PlaybookRunner>();
        await runner.AttachAsync(Responder, id, "phishing", CancellationToken.None);
        var task = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks.Single(t => t.StepKey == "notify-users");

        var noReason = await runner.SkipAsync(Responder, task.Id, task.Version, "  ", CancellationToken.None);
        var skipped = await runner.SkipAsync(Responder, task.Id, task.Version, "Only one recipient, told in person", CancellationToken.None);
        var stale = await runner.ReopenAsync(As(Roles.Responder, "cy"), task.Id, task.Version, CancellationToken.None);
        var reopened = await runner.ReopenAsync(As(Roles.Responder, "cy"), task.Id, task.Version + 1, CancellationToken.None);

        Assert.Equal("Say why the step is skipped.", noReason.Error);
        Assert.True(skipped.Succeeded);
        Assert.StartsWith("Someone changed this task", stale.Error);
        Assert.True(reopened.Succeeded, reopened.Error);
        var board = await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None);
        var stored = board.Tasks.Single(t => t.Id == task.Id);
        Assert.Equal((TaskState.Open, (DateTimeOffset?)null), (stored.State, stored.ClosedAt));
        var titles = (await _app.Get<IncidentQueries>().TimelineAsync(Responder, id, CancellationToken.None)).Select(e => e.Title).ToList();
        Assert.Contains("Task skipped: Tell staff what to look out for (Only one recipient, told in person)", titles);
        Assert.Contains("Task reopened: Tell staff what to look out for", titles);
    }

    [Fact]
    public async Task StepsPastTheirDueTime_AreFlaggedOverdue_ClosedOnesAreNot_AndPhasesCountThem()
    {
        var id = await PhishingIncidentAsync();
        var runner = _app.Get<PlaybookRunner>();
        await runner.AttachAsync(Responder, id, "phishing", CancellationToken.None);
        var first = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks[0];
        await runner.SkipAsync(Responder, first.Id, first.Version, "Sample already in the sandbox", CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(61));

        var board = await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None);
        // The automated lookup has no provider here, so it stays open for a responder and is overdue like the others.
        Assert.Equal(["lookup-indicators", "analyse-payload", "scope-recipients"], board.Tasks.Where(t => t.Overdue).Select(t => t.StepKey));
        var detection = board.Progress.Single(p => p.Phase == IncidentPhase.DetectionAndAnalysis);
        Assert.Equal((1, 5, 3, 20), (detection.Closed, detection.Total, detection.Overdue, detection.Percent));
    }

    [Fact]
    public async Task AssigningATask_NamesTheAssignee_AndUnknownPeopleAreRefused()
    {
        var id = await PhishingIncidentAsync();
        var runner = _app.Get<PlaybookRunner>();
        await runner.AttachAsync(Responder, id, "phishing", CancellationToken.None);
        var task = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks[0];

        var unknown = await runner.AssignAsync(Responder, task.Id, task.Version, "nobody-with-this-id", CancellationToken.None);

        Assert.Equal("That person cannot be assigned.", unknown.Error);
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Manager)]
    public async Task OnlyResponders_AttachOrWorkTasks_OthersAreRefused(string role)
    {
        var id = await PhishingIncidentAsync();
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PlaybookRunner>().AttachAsync(As(role, "someone"), id, "phishing", CancellationToken.None));
        await _app.Get<PlaybookRunner>().AttachAsync(Responder, id, "phishing", CancellationToken.None);
        var task = (await _app.Get<IncidentTasks>().BoardAsync(As(role, "someone"), id, CancellationToken.None)).Tasks[0];

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PlaybookRunner>().CompleteAsync(As(role, "someone"), task.Id, task.Version, new TaskEvidence("x", 1, "z"), CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PlaybookRunner>().SkipAsync(As(role, "someone"), task.Id, task.Version, "no", CancellationToken.None));

        var stored = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks[0];
        Assert.Equal(TaskState.Open, stored.State);
    }
}
