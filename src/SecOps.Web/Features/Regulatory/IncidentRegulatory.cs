using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Regulatory;

/// <summary>A responder's choice of what the regulatory clocks run from, made on the incident version they saw.</summary>
public sealed record RegulatoryEdit(int Version, DateTimeOffset AwareAt, bool PersonalData, bool Nis2);

/// <summary>A notification to record: which duty it meets, when it was sent, to whom, and its reference.</summary>
public sealed record NewNotification(RegulatoryDuty Duty, DateTimeOffset SentAt, string? Recipient, string? Reference);

/// <summary>
/// Responders' regulatory records on incidents: the awareness time and which regimes apply (version-checked, like any
/// edit), and each notification sent (appended, never edited). Permission-checked here (<see cref="Permission.IncidentsWrite"/>;
/// managers read through <see cref="IncidentQueries"/>), need-to-know through <see cref="IncidentAccess"/>, through the
/// <see cref="StoreWriter"/> (numbered in the change feed), on the timeline and audited.
/// </summary>
public sealed class IncidentRegulatory(StoreWriter writer, AccessGuard access, AuditTrail audit)
{
    public const int RecipientLength = 256;
    public const int ReferenceLength = 256;

    /// <summary>Clocks disagree a little: a time this far ahead of the server's is taken as now, not as the future.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    public async Task<EditOutcome> SetAsync(Actor actor, long incidentId, RegulatoryEdit edit, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.regulatory", target, cancellationToken);
        string? details = null;
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new EditOutcome(false, "The incident does not exist.");
            }
            if (incident.Version != edit.Version)
            {
                return new EditOutcome(false, "Someone changed this incident since you opened it; nothing was saved. It now shows their change.", IncidentView.From(incident)) { Stale = true };
            }
            if (edit.AwareAt > changes.Now + Skew)
            {
                return new EditOutcome(false, "The awareness time is in the future.");
            }
            var aware = edit.AwareAt.ToUniversalTime();
            if ((incident.AwareAt ?? incident.CreatedAt) == aware && incident.PersonalData == edit.PersonalData && incident.Nis2 == edit.Nis2)
            {
                return new EditOutcome(true, null, IncidentView.From(incident));
            }
            (incident.AwareAt, incident.PersonalData, incident.Nis2) = (aware, edit.PersonalData, edit.Nis2);
            incident.Version++;
            incident.UpdatedAt = changes.Now;
            details = $"aware {IncidentTime.Format(aware)}; personal data {(edit.PersonalData ? "yes" : "no")}; NIS2 {(edit.Nis2 ? "yes" : "no")}";
            db.IncidentEvents.Add(IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.RegulatoryChanged, actor,
                $"Regulatory: aware since {IncidentTime.Format(aware)}" + (edit.PersonalData ? "; GDPR Art. 33 (personal data)" : "") + (edit.Nis2 ? "; NIS2" : "")));
            changes.AddIncident(incidentId);
            return new EditOutcome(true, null, IncidentView.From(incident));
        }, cancellationToken);
        if (outcome.Succeeded && details is not null)
        {
            await audit.AppendAsync(actor, "incident.regulatory", target, details, AuditOutcome.Success, cancellationToken);
        }
        else if (!outcome.Succeeded && outcome.Current is not null)
        {
            await audit.AppendAsync(actor, "incident.regulatory", target, "stale version " + edit.Version, AuditOutcome.Failed, cancellationToken);
        }
        return outcome;
    }

    public async Task<EditOutcome> RecordAsync(Actor actor, long incidentId, NewNotification notification, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.notification", target, cancellationToken);
        var recipient = DisplayText.CleanUserText(notification.Recipient?.Replace('\n', ' ').Trim(), RecipientLength) ?? "";
        var reference = DisplayText.CleanUserText(notification.Reference?.Replace('\n', ' ').Trim(), ReferenceLength);
        reference = string.IsNullOrWhiteSpace(reference) ? null : reference;
        if (recipient.Length == 0)
        {
            return new(false, "Say to whom it was sent.");
        }
        if (!Enum.IsDefined(notification.Duty))
        {
            return new(false, "Choose which notification this is.");
        }
        string? details = null;
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new EditOutcome(false, "The incident does not exist.");
            }
            if (!RegulatoryDeadlines.Duties(incident.PersonalData, incident.Nis2).Contains(notification.Duty))
            {
                return new EditOutcome(false, notification.Duty == RegulatoryDuty.GdprAuthority
                    ? "GDPR Art. 33 applies only when personal data is involved: tick it first."
                    : "NIS2 does not apply to this incident: tick it first.");
            }
            if (notification.SentAt > changes.Now + Skew)
            {
                return new EditOutcome(false, "The time it was sent is in the future.");
            }
            var sentAt = notification.SentAt.ToUniversalTime();
            db.IncidentNotifications.Add(new IncidentNotification
            {
                IncidentId = incidentId,
                Duty = notification.Duty,
                SentAt = sentAt,
                Recipient = recipient,
                Reference = reference,
                RecordedAt = changes.Now,
                RecordedById = actor.Id,
                RecordedByName = actor.Name,
            });
            var text = $"{RegulatoryDeadlines.Label(notification.Duty)} sent to {recipient}" + (reference is null ? "" : $" (reference {reference})");
            var entry = IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.NotificationRecorded, actor, text);
            entry.OccurredAt = sentAt;
            db.IncidentEvents.Add(entry);
            incident.UpdatedAt = changes.Now;
            changes.AddIncident(incidentId);
            details = $"{notification.Duty} sent {sentAt.ToString("O", CultureInfo.InvariantCulture)} to {recipient}" + (reference is null ? "" : $" ref {reference}");
            return new EditOutcome(true, null, IncidentView.From(incident));
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, "incident.notification", target, details, AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }
}
