using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Communications;
using SecOps.Web.Features.Incidents;

namespace SecOps.IntegrationTests.Features.Communications;

/// <summary>
/// Communications sent from the app by email, against a real SMTP server on loopback: the message arrives as plain text
/// (an attacker's title and markup stay literal text), is recorded as sent now and marked as mailed, on the timeline and
/// in the audit trail; a mail server that is down, bad addresses, an app with no mail server and a reader's attempt send
/// and record nothing.
/// </summary>
public sealed class IncidentMailTests : IAsyncLifetime
{
    private const string HostileTitle = "<img src=x onerror=alert(1)> [x](javascript:alert(2)) @here";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private SmtpReceiver _smtp = null!;
    private SecOpsApp _app = null!;
    private NeedToKnowPeople _people = null!;
    private long _incident;

    public async Task InitializeAsync()
    {
        _smtp = SmtpReceiver.Start();
        _app = new SecOpsApp(new Dictionary<string, string?>
        {
            ["SecOps:Automation:Smtp:Host"] = "127.0.0.1",
            ["SecOps:Automation:Smtp:Port"] = _smtp.Port.ToString(),
            ["SecOps:Automation:Smtp:Security"] = "None",
            ["SecOps:Automation:Smtp:From"] = "secops@example-bank.test",
            ["SecOps:Automation:Smtp:Timeout"] = "00:00:05",
        }, time: _time);
        _people = await NeedToKnowPeople.CreateAsync(_app);
        var created = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident(HostileTitle, Severity: Severity.Critical), [], CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        _incident = created.IncidentId;
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _smtp.DisposeAsync();
    }

    private IncidentCommunications Communications => _app.Get<IncidentCommunications>();

    private Task<CommunicationOutcome> SendAsync(Actor actor, string audience, string subject = "Breach notification", string body = "We write to notify you.") =>
        Communications.SendByEmailAsync(actor, _incident, new NewCommunication(audience, CommunicationChannel.Email, Now.AddHours(-3), subject, body), CancellationToken.None);

    private async Task<(int Events, int Successes, int Failures)> WrittenAsync()
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audits = await db.AuditRecords.Where(r => r.Action == "incident.communication").Select(r => r.Outcome).ToListAsync();
        return (await db.IncidentEvents.CountAsync(e => e.Kind == IncidentEventKind.CommunicationSent),
            audits.Count(o => o == AuditOutcome.Success), audits.Count(o => o == AuditOutcome.Failed));
    }

    [Fact]
    public async Task SendingByEmail_DeliversPlainTextToEachAddress_RecordsItAsSentNow_MarkedMailed_OnTheTimelineAndAudited()
    {
        var template = (await Communications.FillAsync(_people.Rita, _incident, CommunicationTemplate.InternalStakeholders, CancellationToken.None))!;

        var outcome = await SendAsync(_people.Rita, "ciso@example-bank.test; Legal <legal@example-bank.test>", template.Subject, template.Body);

        Assert.True(outcome.Succeeded, outcome.Error);
        await _smtp.Messages.WaitUntilAsync(m => m.Count == 1, "the communication's email");
        var mail = Assert.Single(_smtp.Messages.Snapshot());
        Assert.Equal(["ciso@example-bank.test", "legal@example-bank.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("secops@example-bank.test", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal(template.Subject, mail.Subject);
        // Plain text only: no HTML part a mail client could render, the title's markup as the characters it was written with.
        Assert.Null(mail.HtmlBody);
        Assert.IsType<TextPart>(mail.Body);
        Assert.Equal(template.Body, mail.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Contains(HostileTitle, mail.TextBody);

        var log = Assert.Single(await Communications.ListAsync(_people.Rita, _incident, CancellationToken.None));
        // Sent now (the server's clock), not at the time the form held.
        Assert.Equal((outcome.Id, Now, CommunicationChannel.Email, true, "ciso@example-bank.test; Legal <legal@example-bank.test>"),
            (log.Id, log.SentAt, log.Channel, log.Mailed, log.Audience));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(_people.Rita, _incident, CancellationToken.None);
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Communication && e.At == Now
            && e.Title == "Sent to ciso@example-bank.test; Legal <legal@example-bank.test> by email from SecOps: " + template.Subject);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.SingleAsync(r => r.Action == "incident.communication");
        Assert.Equal((AuditOutcome.Success, $"communication {outcome.Id} sent 2026-12-04T12:00:00.0000000+00:00 to ciso@example-bank.test; Legal <legal@example-bank.test> by email (mailed by SecOps)"),
            (audit.Outcome, audit.Details));
    }

    [Fact]
    public async Task AMailServerThatIsDown_LeavesNothingRecorded_SaysSo_AndAuditsTheFailure()
    {
        await _smtp.DisposeAsync();

        var outcome = await SendAsync(_people.Rita, "dpo@authority.example");

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("The mail server did not take the message (", outcome.Error);
        Assert.EndsWith("Nothing was sent or recorded; try again or send it yourself and record it.", outcome.Error);
        Assert.Equal((0, 0, 1), await WrittenAsync());
        Assert.Empty(await Communications.ListAsync(_people.Rita, _incident, CancellationToken.None));
    }

    [Fact]
    public async Task BadAddressesAReaderOrAnIncidentTheSenderMayNotSee_SendNothingAndRecordNothing()
    {
        var notAnAddress = await SendAsync(_people.Rita, "Supervisory authority");
        var halfAddress = await SendAsync(_people.Rita, "dpo@authority.example, someone@");
        var missing = await Communications.SendByEmailAsync(_people.Rita, _incident + 1000, new NewCommunication("dpo@authority.example", CommunicationChannel.Email, Now, "s", "b"), CancellationToken.None);
        var manager = new Actor("manager-1", "manager@example.test", PermissionTable.ForRole(Roles.Manager).ToHashSet());

        Assert.Equal((false, "Write the email addresses to send to, separated by commas (for example dpo@authority.example)."), (notAnAddress.Succeeded, notAnAddress.Error));
        Assert.Equal((false, "Write the email addresses to send to, separated by commas (for example dpo@authority.example)."), (halfAddress.Succeeded, halfAddress.Error));
        Assert.Equal((false, "The incident does not exist."), (missing.Succeeded, missing.Error));
        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(manager, "dpo@authority.example"));
        Assert.Equal((0, 0, 0), await WrittenAsync());
        Assert.Empty(_smtp.Messages.Snapshot());
    }

    [Fact]
    public async Task AnAppWithoutAMailServer_OffersNoSending_AndRefusesIt()
    {
        using var app = new SecOpsApp(time: _time);
        var people = await NeedToKnowPeople.CreateAsync(app);
        var created = await app.Get<IncidentEscalation>().CreateAsync(people.Rita, new NewIncident("Phishing wave", Severity: Severity.High), [], CancellationToken.None);
        var communications = app.Get<IncidentCommunications>();

        var outcome = await communications.SendByEmailAsync(people.Rita, created.IncidentId, new NewCommunication("dpo@authority.example", CommunicationChannel.Email, Now, "s", "b"), CancellationToken.None);

        Assert.False(communications.CanSendMail);
        Assert.True(Communications.CanSendMail);
        Assert.Equal((false, "This SecOps cannot send mail (no mail server is configured): send it yourself and record it as sent."), (outcome.Succeeded, outcome.Error));
        Assert.Empty(await communications.ListAsync(people.Rita, created.IncidentId, CancellationToken.None));
    }
}
