using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
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

        var refused = await runner.CompleteAsync(Responder, task.Id, task.Version, new TaskEvidence(File: "message.eml sha256 ab12"), CancellationToken.None);
        var done = await runner.CompleteAsync(Responder, task.Id, task.Version, new TaskEvidence("Headers saved", "message.eml sha256 ab12", "ip:203.0.113.7"), CancellationToken.None);

        Assert.Equal("This step needs evidence: Observable.", refused.Error);
        Assert.True(done.Succeeded, done.Error);
        var stored = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks.Single(t => t.Id == task.Id);
        Assert.Equal((TaskState.Done, "bo@example.test", _time.GetUtcNow(), "message.eml sha256 ab12", "ip:203.0.113.7"),
            (stored.State, stored.ClosedByName, stored.ClosedAt!.Value, stored.EvidenceFile, stored.EvidenceObservable));
        lock (notified)
        {
            Assert.Contains(id, notified);
        }
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(Responder, id, CancellationToken.None);
        Assert.Contains(timeline, e => e.Title == "Task done: Collect the original message with full headers");
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

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PlaybookRunner>().CompleteAsync(As(role, "someone"), task.Id, task.Version, new TaskEvidence("x", "y", "z"), CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PlaybookRunner>().SkipAsync(As(role, "someone"), task.Id, task.Version, "no", CancellationToken.None));

        var stored = (await _app.Get<IncidentTasks>().BoardAsync(Responder, id, CancellationToken.None)).Tasks[0];
        Assert.Equal(TaskState.Open, stored.State);
    }
}
