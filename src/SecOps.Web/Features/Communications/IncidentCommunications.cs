using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
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
    IncidentQueries queries, IOptions<CommunicationOptions> options, TimeProvider time)
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
                x.Document.Body, x.Document.Template, x.Event.ActorName, x.Event.At))
            .OrderByDescending(c => c.SentAt).ThenByDescending(c => c.Id)];
    }

    /// <summary>
    /// Records a message as sent. Refused, with nothing written, without an audience, with an unknown channel, a time in
    /// the future, or a message too long to keep whole (never cut short: what was sent is recorded as it was).
    /// </summary>
    public async Task<CommunicationOutcome> RecordAsync(Actor actor, long incidentId, NewCommunication message, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.communication", target, cancellationToken);
        var audience = IncidentText.Line(message.Audience, AudienceLength);
        var subject = IncidentText.Line(message.Subject, SubjectLength);
        var body = (DisplayText.CleanUserText(message.Body, multiline: true) ?? "").Trim('\n', ' ');
        if (audience.Length == 0)
        {
            return new(false, "Say to whom it was sent.");
        }
        if (!Enum.IsDefined(message.Channel) || (message.Template is { } template && !Enum.IsDefined(template)))
        {
            return new(false, "Choose how it was sent.");
        }
        var text = new CommunicationDocument(audience, message.Channel, subject, body, message.Template).Write();
        if (text.Length > IncidentText.NoteLength)
        {
            return new(false, $"The message is too long to record whole: {text.Length - IncidentText.NoteLength} characters over the limit of "
                + $"{IncidentText.NoteLength} (with its audience and subject). Shorten it; nothing was recorded.");
        }
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new CommunicationOutcome(false, "The incident does not exist.");
            }
            if (message.SentAt > changes.Now + Skew)
            {
                return new CommunicationOutcome(false, "The time it was sent is in the future.");
            }
            var entry = IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.CommunicationSent, actor, text);
            entry.OccurredAt = message.SentAt.ToUniversalTime();
            db.IncidentEvents.Add(entry);
            incident.UpdatedAt = changes.Now;
            db.Entry(incident).Property(i => i.UpdatedAt).IsModified = true;
            await db.SaveChangesAsync(ct);
            changes.AddIncident(incidentId);
            return new CommunicationOutcome(true, null, entry.Id);
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            // The audit trail holds who, when, to whom and how; the message itself stays with the incident.
            await audit.AppendAsync(actor, "incident.communication", target,
                $"communication {outcome.Id} sent {message.SentAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)} to {audience} by {CommunicationVocabulary.Label(message.Channel)}",
                AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }
}
