using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Communications;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Regulatory;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Communications;

/// <summary>
/// Communications on a real store and a fake clock: templates filled from a real incident (an attacker's title stays
/// literal text), messages recorded with when, to whom and how, refused whole with nothing written, on the timeline at
/// the time they were sent, in the exports, audited; responders record, others read; need-to-know as for a missing incident.
/// </summary>
public sealed class IncidentCommunicationsTests : IAsyncLifetime
{
    private const string HostileTitle = "<script>alert(1)</script> {{dpo}} [x](javascript:alert(2)) breach";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly SecOpsApp _app;
    private NeedToKnowPeople _people = default!;
    private long _open;
    private long _restricted;

    public IncidentCommunicationsTests() => _app = new SecOpsApp(new Dictionary<string, string?>
    {
        ["SecOps:Communications:Organisation"] = "Example Bank AG",
        ["SecOps:Communications:DpoContact"] = "Dana Pohl, dpo@example-bank.test, +49 30 1234",
    }, time: _time);

    public async Task InitializeAsync()
    {
        _people = await NeedToKnowPeople.CreateAsync(_app);
        _open = await CreateAsync(new NewIncident("Customer database exfiltrated", Severity: Severity.Critical, Type: IncidentType.Intrusions));
        _restricted = await CreateAsync(new NewIncident("Insider: payroll export", Severity: Severity.High, Restricted: true));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<long> CreateAsync(NewIncident draft, IReadOnlyCollection<long>? alerts = null)
    {
        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, draft, alerts ?? [], CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.IncidentId;
    }

    private IncidentCommunications Communications => _app.Get<IncidentCommunications>();

    private Task<CommunicationOutcome> RecordAsync(Actor actor, long incidentId, string? audience = "Data Protection Commission", DateTimeOffset? sentAt = null,
        string? subject = "Breach notification", string? body = "We write to notify you.", CommunicationChannel channel = CommunicationChannel.Portal) =>
        Communications.RecordAsync(actor, incidentId, new NewCommunication(audience, channel, sentAt ?? Now.AddHours(-1), subject, body), CancellationToken.None);

    private async Task<SecOpsDbContext> DbAsync() => await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();

    private async Task<(int Events, int Audits)> WrittenAsync()
    {
        await using var db = await DbAsync();
        return (await db.IncidentEvents.CountAsync(e => e.Kind == IncidentEventKind.CommunicationSent), await db.AuditRecords.CountAsync(r => r.Action == "incident.communication" && r.Outcome == AuditOutcome.Success));
    }

    [Fact]
    public async Task Templates_AreFilledFromARealIncident_EveryPlaceholderReplaced_AndAHostileTitleStaysLiteralText()
    {
        foreach (var id in new[] { "comm-1", "comm-2" })
        {
            await Documents.PostAsync(_app.Client(), Documents.Alert(id, at: Now.AddHours(-100)));
        }
        long[] alerts;
        await using (var db = await DbAsync())
        {
            alerts = await db.Alerts.OrderBy(a => a.Id).Select(a => a.Id).ToArrayAsync();
        }
        var id2 = await CreateAsync(new NewIncident(HostileTitle, Severity: Severity.High, Type: IncidentType.Intrusions,
            Observables: [new(ObservableType.Ip, "203.0.113.9"), new(ObservableType.Email, "ceo@victim.example"), new(ObservableType.User, "jdoe")]), alerts);
        var incident = (await _app.Get<IncidentQueries>().GetAsync(_people.Rita, id2, CancellationToken.None))!;
        var aware = Now.AddHours(-80);
        Assert.True((await _app.Get<IncidentRegulatory>().SetAsync(_people.Rita, id2, new RegulatoryEdit(incident.Version, aware, PersonalData: true, Nis2: false), CancellationToken.None)).Succeeded);

        var authority = (await Communications.FillAsync(_people.Rita, id2, CommunicationTemplate.SupervisoryAuthority, CancellationToken.None))!;

        Assert.Equal(("Supervisory authority", $"Personal data breach notification: Example Bank AG, reference #{id2}"), (authority.Audience, authority.Subject));
        Assert.Contains("Controller: Example Bank AG\n", authority.Body);
        Assert.Contains($"Our reference: incident #{id2} ({HostileTitle})\n", authority.Body);
        Assert.Contains("Type of incident: Intrusions; severity high; status Open, phase Detection and analysis\n", authority.Body);
        Assert.Contains("We became aware of the breach on: 2026-12-01 04:00:00 UTC\n", authority.Body);
        // 80 hours after awareness: the notification is late, and says that the reasons for the delay are needed.
        Assert.Contains("more than 72 hours after we became aware", authority.Body);
        Assert.Contains("The incident links 2 alerts and records 3 observables (IP address: 1, User: 1, Email address: 1).", authority.Body);
        Assert.Contains("Accounts or addresses among the incident's observables: 2\n", authority.Body);
        Assert.Contains("\nDana Pohl, dpo@example-bank.test, +49 30 1234\n", authority.Body);
        Assert.Contains("We are investigating the incident and working to contain it.", authority.Body);
        // The title's own "{{dpo}}" is the title's text, not filled again; nothing else is left unfilled.
        var withoutTitle = authority.Body.Replace(HostileTitle, "", StringComparison.Ordinal);
        Assert.DoesNotContain("{{", withoutTitle);
        Assert.Equal(2, CountOf(authority.Body, "<script>alert(1)</script> {{dpo}}"));
        Assert.Equal(1, CountOf(authority.Body, "dpo@example-bank.test"));

        var customers = (await Communications.FillAsync(_people.Rita, id2, CommunicationTemplate.AffectedCustomers, CancellationToken.None))!;
        Assert.Contains("On 1 December 2026 we found that", customers.Body);
        Assert.Contains($"Please mention reference #{id2} when you contact us.", customers.Body);
        Assert.DoesNotContain("{{", customers.Body);
        Assert.DoesNotContain(HostileTitle, customers.Body);

        var internalUpdate = (await Communications.FillAsync(_people.Rita, id2, CommunicationTemplate.InternalStakeholders, CancellationToken.None))!;
        Assert.Equal($"[TLP:AMBER] Incident #{id2} update: {HostileTitle}", internalUpdate.Subject);
        Assert.Contains("Regulatory: personal data involved (GDPR Art. 33 applies)\n", internalUpdate.Body);
        Assert.Contains("Assignee: nobody yet.", internalUpdate.Body);
        Assert.DoesNotContain("{{", internalUpdate.Body.Replace(HostileTitle, "", StringComparison.Ordinal));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task RecordingAMessage_PutsItOnTheTimelineAtTheTimeItWasSent_InOrder_LogsItNewestFirst_AndAudits()
    {
        var editing = _app.Get<IncidentEditing>();
        Assert.True((await editing.AddTimelineEventAsync(_people.Rita, _open, Now.AddHours(-5), "Exfiltration found", CancellationToken.None)).Succeeded);
        Assert.True((await editing.AddTimelineEventAsync(_people.Rita, _open, Now.AddHours(-2), "Database credentials rotated", CancellationToken.None)).Succeeded);

        var late = await RecordAsync(_people.Rita, _open, " Board of directors\n", Now.AddHours(-1), "Status update", "Line one\nLine two", CommunicationChannel.Email);
        var early = await RecordAsync(_people.Rita, _open, "Data Protection Commission", Now.AddHours(-3), "Art. 33 notification", "Dear DPC,\n\nwe notify...", CommunicationChannel.Portal);

        Assert.True(late.Succeeded, late.Error);
        Assert.True(early.Succeeded, early.Error);
        var timeline = (await _app.Get<IncidentQueries>().TimelineAsync(_people.Rita, _open, CancellationToken.None)).Where(e => e.Kind != TimelineKind.Change).ToList();
        Assert.Equal(
            [(Now.AddHours(-5), TimelineKind.Event, "Exfiltration found"),
             (Now.AddHours(-3), TimelineKind.Communication, "Sent to Data Protection Commission by portal: Art. 33 notification"),
             (Now.AddHours(-2), TimelineKind.Event, "Database credentials rotated"),
             (Now.AddHours(-1), TimelineKind.Communication, "Sent to Board of directors by email: Status update")],
            timeline.Select(e => (e.At, e.Kind, e.Title)));
        Assert.Equal(("rita@example.test", "Line one\nLine two"), (timeline[3].Who, timeline[3].Text));

        var log = await Communications.ListAsync(_people.Rita, _open, CancellationToken.None);
        Assert.Equal([(late.Id, "Board of directors", CommunicationChannel.Email, Now.AddHours(-1)), (early.Id, "Data Protection Commission", CommunicationChannel.Portal, Now.AddHours(-3))],
            log.Select(c => (c.Id, c.Audience, c.Channel, c.SentAt)));
        Assert.Equal(("Status update", "Line one\nLine two", "rita@example.test", Now), (log[0].Subject, log[0].Body, log[0].RecordedBy, log[0].RecordedAt));

        await using var db = await DbAsync();
        var audits = await db.AuditRecords.Where(r => r.Action == "incident.communication").OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([
            (_people.Rita.Id, "incident:" + _open, AuditOutcome.Success, $"communication {late.Id} sent 2026-12-04T11:00:00.0000000+00:00 to Board of directors by email"),
            (_people.Rita.Id, "incident:" + _open, AuditOutcome.Success, $"communication {early.Id} sent 2026-12-04T09:00:00.0000000+00:00 to Data Protection Commission by portal")],
            audits.Select(a => (a.ActorId, a.Target, a.Outcome, a.Details)));
        // The message's text stays with the incident, not in the audit trail.
        Assert.DoesNotContain(audits, a => a.Details!.Contains("Line one", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARecordedMessage_IsInTheMarkdownAndCsvExports_WithItsText_AndAFormulaInItNeutralised()
    {
        Assert.True((await RecordAsync(_people.Rita, _open, "All staff", Now.AddMinutes(-30), "Phishing warning", "=HYPERLINK(\"http://evil.example\")\nDo not click.", CommunicationChannel.Email)).Succeeded);

        var data = (await _app.Get<IncidentExportReader>().ReadAsync(_people.Rita, _open, CancellationToken.None))!;
        var markdown = IncidentExport.Markdown(data);
        var csv = Encoding.UTF8.GetString(IncidentExport.Csv(data));

        Assert.Contains("- 2026-12-04T11:30:00Z · Communications · " + IncidentExport.Escape("Sent to All staff by email: Phishing warning") + " · "
            + IncidentExport.Escape("rita@example.test") + " · " + IncidentExport.Escape("=HYPERLINK(\"http://evil.example\") Do not click.") + "\n", markdown);
        Assert.Contains("Communications,Sent to All staff by email: Phishing warning,rita@example.test,", csv);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\nDo not click.\"", csv);
    }

    [Fact]
    public async Task Refusals_MissingRecipientFutureTimeOrTooLong_SayWhy_AndWriteNothing()
    {
        var missing = await RecordAsync(_people.Rita, _open, audience: " \n ");
        var future = await RecordAsync(_people.Rita, _open, sentAt: Now.AddMinutes(10));
        var empty = await RecordAsync(_people.Rita, _open, body: "");
        var overhead = new CommunicationDocument("Data Protection Commission", CommunicationChannel.Portal, "Breach notification", "", null).Write().Length;
        var tooLong = await RecordAsync(_people.Rita, _open, body: new string('x', IncidentText.NoteLength - overhead + 1));

        Assert.Equal((false, "Say to whom it was sent."), (missing.Succeeded, missing.Error));
        Assert.Equal((false, "The time it was sent is in the future."), (future.Succeeded, future.Error));
        Assert.Equal((false, $"The message is too long to record whole: 1 characters over the limit of {IncidentText.NoteLength} (with its audience and subject). Shorten it; nothing was recorded."),
            (tooLong.Succeeded, tooLong.Error));
        Assert.True(empty.Succeeded, empty.Error);
        Assert.Equal((1, 1), await WrittenAsync());

        // What fits is kept whole, to the last character.
        var fits = await RecordAsync(_people.Rita, _open, body: new string('x', IncidentText.NoteLength - overhead));
        Assert.True(fits.Succeeded, fits.Error);
        var kept = (await Communications.ListAsync(_people.Rita, _open, CancellationToken.None)).Single(c => c.Id == fits.Id);
        Assert.Equal(IncidentText.NoteLength - overhead, kept.Body.Length);
    }

    [Fact]
    public async Task Roles_RespondersRecord_ManagersAndAnalystsOnlyRead()
    {
        var manager = As(Roles.Manager, "mia");
        var analyst = As(Roles.Analyst, "ana");

        await Assert.ThrowsAsync<AccessDeniedException>(() => RecordAsync(manager, _open));
        await Assert.ThrowsAsync<AccessDeniedException>(() => RecordAsync(analyst, _open));
        Assert.Equal((0, 0), await WrittenAsync());
        var recorded = await RecordAsync(As(Roles.Responder, "bo"), _open, "Legal team");

        Assert.True(recorded.Succeeded, recorded.Error);
        Assert.Equal(["Legal team"], (await Communications.ListAsync(manager, _open, CancellationToken.None)).Select(c => c.Audience));
        Assert.Equal(["Legal team"], (await Communications.ListAsync(analyst, _open, CancellationToken.None)).Select(c => c.Audience));
        Assert.NotNull(await Communications.FillAsync(manager, _open, CommunicationTemplate.InternalStakeholders, CancellationToken.None));
        await using var db = await DbAsync();
        Assert.Equal(2, await db.AuditRecords.CountAsync(r => r.Action == "incident.communication" && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task ARestrictedIncident_GivesAnOutsiderNothing_AndRefusesHimLikeAMissingIncident()
    {
        Assert.True((await RecordAsync(_people.Rita, _restricted, "HR director", body: "payroll export by j.doe")).Succeeded);

        var fill = await Communications.FillAsync(_people.Otto, _restricted, CommunicationTemplate.SupervisoryAuthority, CancellationToken.None);
        var log = await Communications.ListAsync(_people.Otto, _restricted, CancellationToken.None);
        var record = await RecordAsync(_people.Otto, _restricted, "Planted");
        var missing = await RecordAsync(_people.Otto, _restricted + 1000, "Planted");
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(_people.Otto, _restricted, CancellationToken.None);

        Assert.Null(fill);
        Assert.Empty(log);
        Assert.Empty(timeline);
        Assert.Equal((false, "The incident does not exist."), (record.Succeeded, record.Error));
        Assert.Equal((missing.Succeeded, missing.Error), (record.Succeeded, record.Error));
        Assert.Equal((1, 1), await WrittenAsync());
        Assert.Equal(["HR director"], (await Communications.ListAsync(_people.Rita, _restricted, CancellationToken.None)).Select(c => c.Audience));
        Assert.Equal(["HR director"], (await Communications.ListAsync(_people.Ada, _restricted, CancellationToken.None)).Select(c => c.Audience));
    }
}
