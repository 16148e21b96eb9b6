using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;
using SecOps.Web.Features.Reviews;

namespace SecOps.IntegrationTests.Features.Reviews;

/// <summary>
/// A review's follow-ups as tasks on the real store: on the incident's task list and in the read API like playbook
/// steps, kept in step with the review (an edited follow-up keeps its task, a removed one takes it along), completed and
/// reopened through the task list with the review following, flagged overdue and reminded once with an audit record,
/// and never blocking the incident's close.
/// </summary>
public sealed class FollowUpTasksTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = T.AddDays(7);
    private readonly FakeTimeProvider _time = new(T);
    private SecOpsApp _app = null!;
    private SmtpReceiver _smtp = null!;
    private NeedToKnowPeople _people = null!;

    public async Task InitializeAsync()
    {
        _smtp = SmtpReceiver.Start();
        _app = new SecOpsApp(new Dictionary<string, string?>
        {
            ["SecOps:Automation:Smtp:Host"] = "127.0.0.1",
            ["SecOps:Automation:Smtp:Port"] = _smtp.Port.ToString(),
            ["SecOps:Automation:Smtp:Security"] = "None",
            ["SecOps:Automation:Smtp:From"] = "secops@example.test",
            ["SecOps:Automation:Smtp:Timeout"] = "00:00:05",
        }, time: _time);
        _people = await NeedToKnowPeople.CreateAsync(_app);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _smtp.DisposeAsync();
    }

    private PostIncidentReviews Reviews => _app.Get<PostIncidentReviews>();

    private async Task<long> CreateAsync(bool restricted = false)
    {
        var created = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita,
            new NewIncident("Ransomware on file server", Severity: Severity.High, Restricted: restricted), [], CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        return created.IncidentId;
    }

    private static ReviewEdit Review(int version, params FollowUpEdit[] followUps) =>
        new(version, "Unpatched VPN appliance", "Backups restored within 4 h", "EDR alert sat unread for 6 h", followUps);

    private async Task<IReadOnlyList<TaskDocument>> TasksAsync(long id) => (await _app.Get<IncidentTasks>().DocumentsAsync(_people.Rita, id, CancellationToken.None))!;

    [Fact]
    public async Task FollowUps_AreTasksOnTheIncident_InTheTaskListAndTheReadApi_AndAnEditedOneKeepsItsTask()
    {
        var id = await CreateAsync();
        Assert.True((await Reviews.SaveAsync(_people.Rita, id, Review(0,
            new FollowUpEdit("Patch every VPN appliance", _people.Otto.Id, Due), new FollowUpEdit("Tabletop exercise", _people.Rita.Id, null)), CancellationToken.None)).Succeeded);

        var tasks = await TasksAsync(id);
        Assert.Equal(
            [
                ("follow-up", TaskDocument.FollowUpPlaybook, "post_incident", "Patch every VPN appliance", _people.Otto.Id, Due, "open"),
                ("follow-up", TaskDocument.FollowUpPlaybook, "post_incident", "Tabletop exercise", _people.Rita.Id, T + FollowUpTasks.DefaultDue, "open"),
            ],
            tasks.Select(t => (t.Kind, t.PlaybookKey, t.Phase, t.Title, t.AssigneeId!, t.DueAt, t.State)));
        var board = await _app.Get<IncidentTasks>().BoardAsync(_people.Rita, id, CancellationToken.None);
        Assert.Equal(["Patch every VPN appliance", "Tabletop exercise"], board.Tasks.Where(t => t.FollowUp).Select(t => t.Title));
        using var response = await _app.Client().GetAsync($"/api/v1/incidents/{id}/tasks");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var first = json.RootElement.EnumerateArray().First();
        Assert.Equal(("follow-up", "post-incident-review", "Patch every VPN appliance"),
            (first.GetProperty("kind").GetString(), first.GetProperty("playbook").GetString(), first.GetProperty("title").GetString()));

        // Edit the first in place, drop the second: the first keeps its task (same id, new version), the second's is gone.
        Assert.True((await Reviews.SaveAsync(_people.Rita, id, Review(1, new FollowUpEdit("Patch every VPN appliance and rotate its keys", _people.Otto.Id, Due)), CancellationToken.None)).Succeeded);
        var after = Assert.Single(await TasksAsync(id));
        Assert.Equal((tasks[0].Id, "Patch every VPN appliance and rotate its keys", tasks[0].Version + 1), (after.Id, after.Title, after.Version));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.False(await db.IncidentTasks.AnyAsync(t => t.Id == tasks[1].Id));
    }

    [Fact]
    public async Task AFollowUpOfARestrictedIncident_IsNoTaskForAnOutsider()
    {
        var id = await CreateAsync(restricted: true);
        Assert.True((await Reviews.SaveAsync(_people.Rita, id, Review(0, new FollowUpEdit("Patch", _people.Rita.Id, Due)), CancellationToken.None)).Succeeded);

        Assert.Null(await _app.Get<IncidentTasks>().DocumentsAsync(_people.Otto, id, CancellationToken.None));
        Assert.Empty((await _app.Get<IncidentTasks>().BoardAsync(_people.Otto, id, CancellationToken.None)).Tasks);
        Assert.Single((await TasksAsync(id)));
    }

    [Fact]
    public async Task CompletingAFollowUpTask_MarksTheFollowUpDone_RefusesAReviewFormOpenedBefore_AndReopeningOpensItAgain()
    {
        var id = await CreateAsync();
        Assert.True((await Reviews.SaveAsync(_people.Rita, id, Review(0, new FollowUpEdit("Patch every VPN appliance", _people.Otto.Id, Due)), CancellationToken.None)).Succeeded);
        var task = Assert.Single(await TasksAsync(id));
        var runner = _app.Get<PlaybookRunner>();

        var done = await runner.CompleteAsync(_people.Otto, task.Id, task.Version, new TaskEvidence(), CancellationToken.None);
        var afterDone = await Reviews.GetAsync(_people.Rita, id, CancellationToken.None);
        var staleForm = await Reviews.SaveAsync(_people.Rita, id, Review(1, new FollowUpEdit("Patch every VPN appliance", _people.Otto.Id, Due, Done: false)), CancellationToken.None);
        var completed = Assert.Single(await TasksAsync(id));
        var reopened = await runner.ReopenAsync(_people.Rita, task.Id, completed.Version, CancellationToken.None);
        var afterReopen = await Reviews.GetAsync(_people.Rita, id, CancellationToken.None);

        Assert.True(done.Succeeded, done.Error);
        Assert.Equal((true, 2), (afterDone!.FollowUps[0].Done, afterDone.Version));
        Assert.False(staleForm.Succeeded);
        Assert.Equal(("done", "otto@example.test"), (completed.State, completed.ClosedBy));
        Assert.True(reopened.Succeeded, reopened.Error);
        Assert.Equal((false, 3), (afterReopen!.FollowUps[0].Done, afterReopen.Version));
        Assert.Equal("open", Assert.Single(await TasksAsync(id)).State);
    }

    [Fact]
    public async Task AFollowUpPastItsDueTime_IsFlaggedOverdue_AndItsOwnerRemindedOnce_ByAnAuditRecordNamingThemById()
    {
        var id = await CreateAsync();
        Assert.True((await Reviews.SaveAsync(_people.Rita, id, Review(0,
            new FollowUpEdit("Patch every VPN appliance", _people.Otto.Id, Due), new FollowUpEdit("Already done", _people.Rita.Id, Due, Done: true)), CancellationToken.None)).Succeeded);
        var reminders = _app.Get<FollowUpReminders>();

        var beforeDue = await reminders.RemindAsync(CancellationToken.None);
        var boardBefore = await _app.Get<IncidentTasks>().BoardAsync(_people.Rita, id, CancellationToken.None);
        // Moving the clock also wakes the app's own reminder loop: whichever runs first reminds, the other finds nothing.
        _time.SetUtcNow(Due.AddMinutes(1));
        var atDue = await reminders.RemindAsync(CancellationToken.None);
        var records = await AuditWaits.OnceItHoldsAsync(_app, r => r.Action == "incident.follow-up.overdue", "the overdue reminder");
        var again = await reminders.RemindAsync(CancellationToken.None);
        var board = await _app.Get<IncidentTasks>().BoardAsync(_people.Rita, id, CancellationToken.None);

        Assert.Empty(beforeDue);
        Assert.DoesNotContain(boardBefore.Tasks, t => t.Overdue);
        var patch = board.Tasks.Single(t => t.Title == "Patch every VPN appliance");
        Assert.True(atDue.Count == 0 || atDue.SequenceEqual([patch.Id]));
        Assert.Empty(again);
        Assert.Equal([true, false], board.Tasks.Select(t => t.Overdue));
        Assert.Equal(1, board.Progress.Single(p => p.Phase == IncidentPhase.PostIncident).Overdue);
        var record = Assert.Single(records, r => r.Action == "incident.follow-up.overdue");
        Assert.Equal(("task:" + patch.Id, $"incident:{id} owner user:{_people.Otto.Id}, mailed"), (record.Target, record.Details));
        Assert.DoesNotContain("otto@", record.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverdueFollowUp_IsMailedToItsOwnerOnce_WithAHostileTitleEncodedInTheHtmlPart()
    {
        var created = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita,
            new NewIncident("<img src=x onerror=alert(1)> payroll", Severity: Severity.High), [], CancellationToken.None);
        Assert.True((await Reviews.SaveAsync(_people.Rita, created.IncidentId, Review(0,
            new FollowUpEdit("Rotate <b>all</b> keys", _people.Otto.Id, Due), new FollowUpEdit("Not yet due", _people.Rita.Id, Due.AddDays(1))), CancellationToken.None)).Succeeded);

        _time.SetUtcNow(Due.AddMinutes(1));
        await _app.Get<FollowUpReminders>().RemindAsync(CancellationToken.None);
        await _smtp.Messages.WaitUntilAsync(m => m.Count >= 1, "the reminder mail");
        _time.SetUtcNow(Due.AddMinutes(10));
        await _app.Get<FollowUpReminders>().RemindAsync(CancellationToken.None);

        var mail = Assert.Single(_smtp.Messages.Snapshot());
        Assert.Equal(["otto@example.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("[SecOps] Follow-up overdue: Rotate <b>all</b> keys", mail.Subject);
        Assert.Contains($"Incident: #{created.IncidentId} <img src=x onerror=alert(1)> payroll\n", mail.TextBody!.ReplaceLineEndings("\n"));
        Assert.Contains("Due: 2026-12-08 09:00:00Z", mail.TextBody);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; payroll", mail.HtmlBody);
        Assert.DoesNotContain("<img", mail.HtmlBody);
        Assert.DoesNotContain("<b>all", mail.HtmlBody);
    }

    [Fact]
    public async Task OpenFollowUps_DoNotBlockClosingAHighIncident_AndStayOpenAfterIt()
    {
        var id = await CreateAsync();
        Assert.True((await Reviews.SaveAsync(_people.Rita, id, Review(0, new FollowUpEdit("Patch every VPN appliance", _people.Otto.Id, Due)), CancellationToken.None)).Succeeded);
        var incident = (await _app.Get<IncidentQueries>().GetAsync(_people.Rita, id, CancellationToken.None))!;

        var closed = await _app.Get<IncidentEditing>().UpdateAsync(_people.Rita, id,
            new IncidentEdit(incident.Version, IncidentStatus.Closed, IncidentPhase.PostIncident, incident.Severity, null), CancellationToken.None);

        Assert.True(closed.Succeeded, closed.Error);
        Assert.Equal("open", Assert.Single(await TasksAsync(id)).State);
    }
}
