using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Communications;

/// <summary>
/// Messages sent about incidents: templates filled from the incident (<see cref="CommunicationTemplates"/>), and the log
/// of what was sent to whom, how and when. Each message is an incident event (<see cref="IncidentEventKind.CommunicationSent"/>,
/// at the time it was sent, its details in a <see cref="CommunicationDocument"/>), so it is on the timeline, in the exports
/// and the print view without a table of its own. Responders record (<see cref="Permission.IncidentsWrite"/>); whoever reads
/// the incident reads the log; need-to-know through <see cref="IncidentAccess"/> (an incident the actor may not see is a
/// missing one). Through the <see cref="StoreWriter"/>, so everyone on the incident page sees a message at once; audited.
/// </summary>
public sealed class IncidentCommunications(IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer, AccessGuard access, AuditTrail audit,
    IncidentQueries queries, IOptions<CommunicationOptions> options, EmailSender mail, TimeProvider time, ILogger<IncidentCommunications> logger)
{
    public const int AudienceLength = 256;
    public const int SubjectLength = 300;

    /// <summary>Clocks disagree a little: a time this far ahead of the server's is taken as now, not as the future.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    /// <summary>The template filled from the incident as it is now; null for an incident the actor may not see (or none).</summary>
    public async Task<FilledTemplate?> FillAsync(Actor actor, long incidentId, CommunicationTemplate template, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(template))
        {
            return null;
        }
        var incident = await queries.GetAsync(actor, incidentId, cancellationToken);
        return incident is null ? null : CommunicationTemplates.Fill(template, incident, options.Value, time.GetUtcNow());
    }

    /// <summary>The messages recorded on the incident, newest sent first; empty for an incident the actor may not see.</summary>
    public async Task<IReadOnlyList<CommunicationView>> ListAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.communications", IncidentEscalation.Target(incidentId), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == incidentId, cancellationToken))
        {
            return [];
        }
        var events = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == incidentId && e.Kind == IncidentEventKind.CommunicationSent)
            .ToListAsync(cancellationToken);
        return [.. events.Select(e => (Event: e, Document: CommunicationDocument.TryRead(e.Text)))
            .Where(x => x.Document is not null)
            .Select(x => new CommunicationView(x.Event.Id, x.Event.OccurredAt ?? x.Event.At, x.Document!.Audience, x.Document.Channel, x.Document.Subject,
                x.Document.Body, x.Document.Template, x.Event.ActorName, x.Event.At, x.Document.Mailed))
            .OrderByDescending(c => c.SentAt).ThenByDescending(c => c.Id)];
    }

    /// <summary>Whether the app can send mail itself (<c>SecOps:Automation:Smtp</c> configured); otherwise messages are only recorded.</summary>
    public bool CanSendMail => mail.IsConfigured;

    /// <summary>
    /// Records a message as sent. Refused, with nothing written, without an audience, with an unknown channel, a time in
    /// the future, or a message too long to keep whole (never cut short: what was sent is recorded as it was).
    /// </summary>
    public async Task<CommunicationOutcome> RecordAsync(Actor actor, long incidentId, NewCommunication message, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.communication", target, cancellationToken);
        var (document, error) = Prepare(message);
        if (document is null)
        {
            return new(false, error);
        }
        var outcome = await WriteAsync(actor, incidentId, document, message.SentAt, cancellationToken);
        if (outcome.Succeeded)
        {
            await AuditSentAsync(actor, target, outcome.Id, message.SentAt, document, cancellationToken);
        }
        return outcome;
    }

    /// <summary>
    /// Sends the message by email from the app (plain text only, so nothing in it can become markup in a mail client) to
    /// the addresses in its audience, then records it as sent, now, marked as mailed by SecOps. Everything a recording would
    /// refuse is refused before anything is sent; a mail server that refuses or cannot be reached leaves nothing recorded
    /// (the failure is audited). The sending time is the server's, not the form's.
    /// </summary>
    public async Task<CommunicationOutcome> SendByEmailAsync(Actor actor, long incidentId, NewCommunication message, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.communication", target, cancellationToken);
        if (!mail.IsConfigured)
        {
            return new(false, "This SecOps cannot send mail (no mail server is configured): send it yourself and record it as sent.");
        }
        var (document, error) = Prepare(message with { Channel = CommunicationChannel.Email }, mailed: true);
        if (document is null)
        {
            return new(false, error);
        }
        if (!TryParseRecipients(document.Audience, out var recipients))
        {
            return new(false, "Write the email addresses to send to, separated by commas (for example dpo@authority.example).");
        }
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == incidentId, cancellationToken))
            {
                return new(false, "The incident does not exist.");
            }
        }
        try
        {
            using var email = new MimeMessage();
            email.From.Add(MailboxAddress.Parse(mail.From));
            email.To.AddRange(recipients);
            email.Subject = document.Subject;
            email.Body = new TextPart(TextFormat.Plain) { Text = document.Body };
            await mail.SendAsync(email, cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.CommandException or MailKit.ProtocolException
            or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException or TimeoutException or OperationCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not send a communication of incident {Incident} by email.", incidentId);
            await audit.AppendAsync(actor, "incident.communication", target, $"sending by email to {recipients.Count} recipient(s) failed: {e.GetType().Name}",
                AuditOutcome.Failed, cancellationToken);
            return new(false, $"The mail server did not take the message ({e.Message}). Nothing was sent or recorded; try again or send it yourself and record it.");
        }
        var sentAt = time.GetUtcNow();
        var outcome = await WriteAsync(actor, incidentId, document, sentAt, cancellationToken);
        if (!outcome.Succeeded)
        {
            // Sent, but the incident went away in between: say so rather than pretend nothing happened.
            await audit.AppendAsync(actor, "incident.communication", target, $"sent by email to {recipients.Count} recipient(s) but not recorded: {outcome.Error}",
                AuditOutcome.Failed, cancellationToken);
            return new(false, $"The mail was sent, but it could not be recorded: {outcome.Error}");
        }
        await AuditSentAsync(actor, target, outcome.Id, sentAt, document, cancellationToken);
        return outcome;
    }

    /// <summary>Addresses separated by commas or semicolons, each a plain mailbox (no groups); false when any is not one.</summary>
    public static bool TryParseRecipients(string audience, out List<MailboxAddress> recipients)
    {
        recipients = [];
        foreach (var part in audience.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!MailboxAddress.TryParse(part, out var address) || address.Address.IndexOf('@', StringComparison.Ordinal) is < 1
                || address.Address.EndsWith('@'))
            {
                recipients = [];
                return false;
            }
            recipients.Add(address);
        }
        return recipients.Count > 0;
    }

    /// <summary>The document to record, checked whole (with its mailed mark) against the length limit; or why not.</summary>
    private static (CommunicationDocument? Document, string? Error) Prepare(NewCommunication message, bool mailed = false)
    {
        var audience = IncidentText.Line(message.Audience, AudienceLength);
        var subject = IncidentText.Line(message.Subject, SubjectLength);
        var body = (DisplayText.CleanUserText(message.Body, multiline: true) ?? "").Trim('\n', ' ');
        if (audience.Length == 0)
        {
            return (null, "Say to whom it was sent.");
        }
        if (!Enum.IsDefined(message.Channel) || (message.Template is { } template && !Enum.IsDefined(template)))
        {
            return (null, "Choose how it was sent.");
        }
        var document = new CommunicationDocument(audience, message.Channel, subject, body, message.Template, mailed);
        var length = document.Write().Length;
        return length > IncidentText.NoteLength ? (null, TooLong(length)) : (document, null);
    }

    private static string TooLong(int length) => $"The message is too long to record whole: {length - IncidentText.NoteLength} characters over the limit of "
        + $"{IncidentText.NoteLength} (with its audience and subject). Shorten it; nothing was recorded.";

    private async Task<CommunicationOutcome> WriteAsync(Actor actor, long incidentId, CommunicationDocument document, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new CommunicationOutcome(false, "The incident does not exist.");
            }
            if (sentAt > changes.Now + Skew)
            {
                return new CommunicationOutcome(false, "The time it was sent is in the future.");
            }
            var entry = IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.CommunicationSent, actor, document.Write());
            entry.OccurredAt = sentAt.ToUniversalTime();
            db.IncidentEvents.Add(entry);
            incident.UpdatedAt = changes.Now;
            db.Entry(incident).Property(i => i.UpdatedAt).IsModified = true;
            await db.SaveChangesAsync(ct);
            changes.AddIncident(incidentId);
            return new CommunicationOutcome(true, null, entry.Id);
        }, cancellationToken);

    // The audit trail holds who, when, to whom and how; the message itself stays with the incident.
    private Task AuditSentAsync(Actor actor, string target, long id, DateTimeOffset sentAt, CommunicationDocument document, CancellationToken cancellationToken) =>
        audit.AppendAsync(actor, "incident.communication", target,
            $"communication {id} sent {sentAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)} to {document.Audience} by {CommunicationVocabulary.Label(document.Channel)}"
            + (document.Mailed ? " (mailed by SecOps)" : ""),
            AuditOutcome.Success, cancellationToken);
}
