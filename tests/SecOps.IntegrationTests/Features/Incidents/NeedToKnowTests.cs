using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// Need-to-know in the incident services: a restricted incident is seen only by its named members and administrators,
/// in the list, search, the incident and its timeline, and every write treats it as missing for anyone else.
/// </summary>
public sealed class NeedToKnowTests : IAsyncLifetime
{
    private readonly SecOpsApp _app = new();
    private NeedToKnowPeople _people = default!;
    private long _open;
    private long _restricted;

    public async Task InitializeAsync()
    {
        _people = await NeedToKnowPeople.CreateAsync(_app);
        _open = await CreateAsync(_people.Rita, new NewIncident("Phishing wave", Severity: Severity.High));
        _restricted = await CreateAsync(_people.Rita, new NewIncident("Insider: payroll export", Severity: Severity.High, Restricted: true));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<long> CreateAsync(Actor actor, NewIncident draft)
    {
        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(actor, draft, [], CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.IncidentId;
    }

    private async Task<string[]> TitlesAsync(Actor actor, IncidentFilter? filter = null) =>
        [.. (await _app.Get<IncidentQueries>().ListAsync(actor, filter ?? new IncidentFilter(), CancellationToken.None)).Select(i => i.Title).Order()];

    [Fact]
    public async Task List_ShowsARestrictedIncidentToItsMemberAndAdministrators_AndNotToOthers()
    {
        Assert.Equal(["Insider: payroll export", "Phishing wave"], await TitlesAsync(_people.Rita));
        Assert.Equal(["Insider: payroll export", "Phishing wave"], await TitlesAsync(_people.Ada));
        Assert.Equal(["Phishing wave"], await TitlesAsync(_people.Otto));
    }

    [Fact]
    public async Task Search_FindsARestrictedIncidentOnlyForThoseWhoMaySeeIt()
    {
        Assert.Equal(["Insider: payroll export"], await TitlesAsync(_people.Rita, new IncidentFilter(Text: "PAYROLL")));
        Assert.Empty(await TitlesAsync(_people.Otto, new IncidentFilter(Text: "payroll")));
        Assert.Empty(await TitlesAsync(_people.Otto, new IncidentFilter(Status: IncidentStatus.Open, Severity: Severity.High, Text: "insider")));
    }

    [Fact]
    public async Task IncidentAndTimeline_OfARestrictedIncident_AnswerAnOutsiderExactlyLikeAMissingOne()
    {
        var queries = _app.Get<IncidentQueries>();
        var missing = _restricted + 1000;

        var forRita = await queries.GetAsync(_people.Rita, _restricted, CancellationToken.None);
        Assert.Equal(("Insider: payroll export", true), (forRita!.Title, forRita.Restricted));
        Assert.Equal(["rita@example.test"], forRita.Members.Select(m => m.Name));
        Assert.Equal(["Created (restricted)"], (await queries.TimelineAsync(_people.Rita, _restricted, CancellationToken.None)).Select(e => e.Title));

        Assert.Null(await queries.GetAsync(_people.Otto, _restricted, CancellationToken.None));
        Assert.Null(await queries.GetAsync(_people.Otto, missing, CancellationToken.None));
        Assert.Empty(await queries.TimelineAsync(_people.Otto, _restricted, CancellationToken.None));
        Assert.Empty(await queries.TimelineAsync(_people.Otto, missing, CancellationToken.None));
        Assert.NotNull(await queries.GetAsync(_people.Ada, _restricted, CancellationToken.None));
    }

    [Fact]
    public async Task Writes_ToARestrictedIncident_ByAnOutsider_FailLikeOnAMissingOne_AndChangeNothing()
    {
        var editing = _app.Get<IncidentEditing>();
        var missing = _restricted + 1000;
        var edit = new IncidentEdit(0, IncidentStatus.Closed, IncidentPhase.PostIncident, Severity.Low, null);

        var update = await editing.UpdateAsync(_people.Otto, _restricted, edit, CancellationToken.None);
        var updateMissing = await editing.UpdateAsync(_people.Otto, missing, edit, CancellationToken.None);
        var note = await editing.AddNoteAsync(_people.Otto, _restricted, "peek", CancellationToken.None);
        var observables = await _app.Get<IncidentObservables>().AddAsync(_people.Otto, _restricted, [new NewObservable(ObservableType.Ip, "10.0.0.1")], CancellationToken.None);
        var access = await editing.SetAccessAsync(_people.Otto, _restricted, new IncidentAccessEdit(0, null, false, []), CancellationToken.None);

        Assert.Equal((false, updateMissing.Error, (IncidentView?)null), (update.Succeeded, update.Error, update.Current));
        Assert.All(new[] { note, observables, access }, o => Assert.Equal((false, "The incident does not exist."), (o.Succeeded, o.Error)));
        var stored = await _app.Get<IncidentQueries>().GetAsync(_people.Rita, _restricted, CancellationToken.None);
        Assert.Equal((IncidentStatus.Open, true, 0), (stored!.Status, stored.Restricted, stored.Version));
        Assert.Empty(stored.Observables);
        Assert.Single(await _app.Get<IncidentQueries>().TimelineAsync(_people.Rita, _restricted, CancellationToken.None));
    }

    [Fact]
    public async Task EscalatingIntoARestrictedIncident_ByAnOutsider_FailsLikeIntoAMissingOne()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("ntk-1"));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var alertId = await db.Alerts.Where(a => a.DocumentId == "ntk-1").Select(a => a.Id).SingleAsync();
        var escalation = _app.Get<IncidentEscalation>();

        var intoRestricted = await escalation.AddAlertsAsync(_people.Otto, _restricted, [alertId], CancellationToken.None);
        var intoMissing = await escalation.AddAlertsAsync(_people.Otto, _restricted + 1000, [alertId], CancellationToken.None);

        Assert.Equal((false, intoMissing.Error), (intoRestricted.Succeeded, intoRestricted.Error));
        Assert.Null(await db.Alerts.Where(a => a.Id == alertId).Select(a => a.IncidentId).SingleAsync());
        Assert.DoesNotContain(await _app.Get<IncidentQueries>().OpenAsync(_people.Otto, CancellationToken.None), i => i.Id == _restricted);
    }

    [Fact]
    public async Task RestrictingAnOpenIncident_HidesItFromOutsiders_KeepsTheEditorAMember_AndIsAuditedOnTheTimeline()
    {
        var editing = _app.Get<IncidentEditing>();
        var teams = _app.Get<SecOps.Web.Features.Teams.Teams>();
        var team = await teams.CreateAsync(_people.Ada, "HR investigations", CancellationToken.None);
        Assert.Equal(["Phishing wave"], await TitlesAsync(_people.Otto));

        var outcome = await editing.SetAccessAsync(_people.Rita, _open, new IncidentAccessEdit(0, team.TeamId, true, []), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Empty(await TitlesAsync(_people.Otto));
        var seen = await _app.Get<IncidentQueries>().GetAsync(_people.Rita, _open, CancellationToken.None);
        Assert.Equal(("HR investigations", true, 1), (seen!.TeamName, seen.Restricted, seen.Version));
        Assert.Equal([_people.Rita.Id], seen.Members.Select(m => m.Id));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(_people.Rita, _open, CancellationToken.None);
        Assert.Equal("Restricted to rita@example.test; team HR investigations", timeline[^1].Title);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.SingleAsync(r => r.Action == "incident.access");
        Assert.Equal((_people.Rita.Id, "incident:" + _open, AuditOutcome.Success), (audit.ActorId, audit.Target, audit.Outcome));

        // Naming Otto lets him see it.
        var named = await editing.SetAccessAsync(_people.Rita, _open, new IncidentAccessEdit(1, team.TeamId, true, [_people.Otto.Id]), CancellationToken.None);
        Assert.True(named.Succeeded, named.Error);
        Assert.Equal(["Phishing wave"], await TitlesAsync(_people.Otto));
    }

    [Fact]
    public async Task NamingSomeoneWhoDoesNotExist_IsRefused()
    {
        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Ghost", Restricted: true, Members: ["no-such-person"]), [], CancellationToken.None);

        Assert.Equal((false, "Some of the people named do not exist."), (outcome.Succeeded, outcome.Error));
    }

    [Fact]
    public async Task PlaybookTasks_OfARestrictedIncident_AreHiddenFromAnOutsider_WhoCanNeitherAttachNorWorkThem()
    {
        var runner = _app.Get<SecOps.Web.Features.Playbooks.PlaybookRunner>();
        var tasks = _app.Get<SecOps.Web.Features.Playbooks.IncidentTasks>();
        Assert.True((await runner.AttachAsync(_people.Rita, _restricted, "phishing", CancellationToken.None)).Succeeded);
        var board = await tasks.BoardAsync(_people.Rita, _restricted, CancellationToken.None);
        Assert.NotEmpty(board.Tasks);
        var task = board.Tasks[0];

        var seenByOtto = await tasks.BoardAsync(_people.Otto, _restricted, CancellationToken.None);
        Assert.Empty(seenByOtto.Tasks);
        Assert.Empty(seenByOtto.Playbooks);
        Assert.Empty(await tasks.SuggestAsync(_people.Otto, _restricted, CancellationToken.None));
        Assert.Equal("The incident does not exist.", (await runner.AttachAsync(_people.Otto, _restricted, "ransomware", CancellationToken.None)).Error);
        Assert.Equal("The task does not exist.", (await runner.SkipAsync(_people.Otto, task.Id, task.Version, "not mine", CancellationToken.None)).Error);

        // Nothing changed: Rita still sees the one playbook and the task untouched; Ada (an administrator) sees them too.
        var after = await tasks.BoardAsync(_people.Rita, _restricted, CancellationToken.None);
        Assert.Equal(["phishing"], after.Playbooks.Select(p => p.Key));
        Assert.Equal(task.Version, after.Tasks[0].Version);
        Assert.Equal(board.Tasks.Count, (await tasks.BoardAsync(_people.Ada, _restricted, CancellationToken.None)).Tasks.Count);
    }
}
