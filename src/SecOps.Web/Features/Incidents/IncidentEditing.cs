using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Triage;

namespace SecOps.Web.Features.Incidents;

/// <summary>A responder's edit of an incident's state, made on the version they saw.</summary>
public sealed record IncidentEdit(int Version, IncidentStatus Status, IncidentPhase Phase, Severity Severity, string? AssigneeId);

/// <summary>Who an incident is for: its team, whether it is restricted, and the ids of the people named on it.</summary>
public sealed record IncidentAccessEdit(int Version, int? TeamId, bool Restricted, IReadOnlyList<string> Members);

/// <summary>An edit's result; on a conflict, what the incident is now.</summary>
public sealed record EditOutcome(bool Succeeded, string? Error, IncidentView? Current = null)
{
    /// <summary>The answer for an incident that does not exist or that the actor may not see (the API turns it into 404).</summary>
    public const string MissingIncident = "The incident does not exist.";

    /// <summary>Refused because the edit was made on an older version (<see cref="Current"/> is what it is now; the API answers 409).</summary>
    public bool Stale { get; init; }
}

/// <summary>
/// Responders' edits of incidents: status, phase, severity, assignee and notes. Through the <see cref="StoreWriter"/>,
/// audited, permission-checked here; an edit made on an older version than the stored one is refused and nothing is
/// overwritten (the caller gets the current state to show what changed).
/// </summary>
public sealed class IncidentEditing(StoreWriter writer, AccessGuard access, AuditTrail audit, TriagePeople people, Teams.Teams teams)
{
    /// <summary>
    /// Sets the team, the restriction and the named members (responders who can see the incident). Restricting keeps the
    /// acting person among the members; the change is on the timeline and audited with the member ids.
    /// </summary>
    public async Task<EditOutcome> SetAccessAsync(Actor actor, long incidentId, IncidentAccessEdit edit, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.access", target, cancellationToken);
        var members = await IncidentMembership.ResolveAsync(teams, actor, edit.Restricted, edit.Members, cancellationToken);
        if (members.Error is not null)
        {
            return new(false, members.Error);
        }
        string? details = null;
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new EditOutcome(false, EditOutcome.MissingIncident);
            }
            if (incident.Version != edit.Version)
            {
                return new EditOutcome(false, "Someone changed this incident since you opened it; nothing was saved. It now shows their change.", IncidentView.From(incident)) { Stale = true };
            }
            string? teamName = null;
            if (edit.TeamId is { } teamId && (teamName = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefaultAsync(ct)) is null)
            {
                return new EditOutcome(false, "The team does not exist.");
            }
            var stored = await db.IncidentMembers.Where(m => m.IncidentId == incidentId).ToListAsync(ct);
            db.IncidentMembers.RemoveRange(stored.Where(m => members.People.All(p => p.Id != m.UserId)));
            db.IncidentMembers.AddRange(members.People.Where(p => stored.All(m => m.UserId != p.Id))
                .Select(p => new IncidentMember { IncidentId = incidentId, UserId = p.Id, UserName = p.Name }));
            if (incident.Restricted != edit.Restricted)
            {
                // The linked alerts' shared views show or hide the incident's id from now on: renumbered, so open boards and hub clients refresh them.
                var linked = await db.Alerts.Where(a => a.IncidentId == incidentId).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
                await db.Alerts.Where(a => a.IncidentId == incidentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.IncidentRestricted, edit.Restricted), ct);
                changes.AddBulk(ChangeKind.AlertEscalated, linked);
            }
            (incident.TeamId, incident.Restricted) = (edit.TeamId, edit.Restricted);
            incident.Version++;
            incident.UpdatedAt = changes.Now;
            var text = (edit.Restricted ? "Restricted to " + string.Join(", ", members.People.Select(p => p.Name)) : "Visible to everyone who reads incidents")
                + (teamName is null ? "; no team" : "; team " + teamName);
            db.IncidentEvents.Add(IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.AccessChanged, actor, text));
            details = $"restricted {edit.Restricted}, team {edit.TeamId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, members {string.Join(' ', members.People.Select(p => p.Id))}";
            changes.AddIncident(incidentId);
            return new EditOutcome(true, null, IncidentView.From(incident));
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, "incident.access", target, details, AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    /// <summary>Sets the ATT&amp;CK tactics and techniques, the OWASP category and the affected assets, on the version the responder saw.</summary>
    public async Task<EditOutcome> ClassifyAsync(Actor actor, long incidentId, ClassificationEdit edit, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.classify", target, cancellationToken);
        var (stored, error) = IncidentClassification.Validate(edit);
        if (stored is null)
        {
            return new(false, error);
        }
        string? details = null;
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new EditOutcome(false, EditOutcome.MissingIncident);
            }
            if (incident.Version != edit.Version)
            {
                return new EditOutcome(false, "Someone changed this incident since you opened it; nothing was saved. It now shows their change.", IncidentView.From(incident)) { Stale = true };
            }
            if ((incident.MitreTactics, incident.MitreTechniques, incident.OwaspCategory, incident.AffectedAssets)
                == (stored.MitreTactics, stored.MitreTechniques, stored.OwaspCategory, stored.AffectedAssets))
            {
                return new EditOutcome(true, null, IncidentView.From(incident));
            }
            (incident.MitreTactics, incident.MitreTechniques, incident.OwaspCategory, incident.AffectedAssets) =
                (stored.MitreTactics, stored.MitreTechniques, stored.OwaspCategory, stored.AffectedAssets);
            incident.Version++;
            incident.UpdatedAt = changes.Now;
            var assets = IncidentClassification.Lines(stored.AffectedAssets).Count;
            var text = "Classified: ATT&CK " + (stored.MitreTactics.Length == 0 && stored.MitreTechniques.Length == 0 ? "none" : (stored.MitreTactics + " " + stored.MitreTechniques).Trim())
                + "; OWASP " + (stored.OwaspCategory ?? "none") + "; " + (assets == 1 ? "1 affected asset" : $"{assets} affected assets");
            db.IncidentEvents.Add(IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.Classified, actor, text));
            // The assets are people's text (host names may name people): the audit trail keeps their count only.
            details = text;
            changes.AddIncident(incidentId);
            return new EditOutcome(true, null, IncidentView.From(incident));
        }, cancellationToken);
        if (outcome.Succeeded && details is not null)
        {
            await audit.AppendAsync(actor, "incident.classify", target, details, AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    public async Task<EditOutcome> UpdateAsync(Actor actor, long incidentId, IncidentEdit edit, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.update", target, cancellationToken);
        Assignee? assignee = null;
        if (edit.AssigneeId is { Length: > 0 } id && (assignee = await people.FindAsync(id, cancellationToken)) is null)
        {
            return new(false, "That person cannot be assigned.");
        }
        var changed = new List<string>();
        var closeRefused = false;
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new EditOutcome(false, EditOutcome.MissingIncident);
            }
            if (incident.Version != edit.Version)
            {
                return new EditOutcome(false, "Someone changed this incident since you opened it; nothing was saved. Their change and your unsaved choices are shown below.", IncidentView.From(incident)) { Stale = true };
            }
            // Closing at high or critical (as the edit leaves it) needs the lessons written down first.
            if (edit.Status == IncidentStatus.Closed && incident.Status != IncidentStatus.Closed && Reviews.PostIncidentReviews.RequiredFor(edit.Severity)
                && !await Reviews.PostIncidentReviews.CompleteAsync(db, incidentId, ct))
            {
                closeRefused = true;
                return new EditOutcome(false, Reviews.PostIncidentReviews.RequiredToClose, IncidentView.From(incident));
            }
            void Record(IncidentEventKind kind, string text)
            {
                db.IncidentEvents.Add(IncidentEscalation.Event(incidentId, changes.Now, kind, actor, text));
                changed.Add(text);
            }
            if (incident.Status != edit.Status)
            {
                Record(IncidentEventKind.StatusChanged, $"Status: {IncidentVocabulary.Label(incident.Status)} → {IncidentVocabulary.Label(edit.Status)}");
                incident.Status = edit.Status;
                // The SLA clocks' ends: the first move out of open acknowledges; resolving stops the resolve clock until reopened.
                if (edit.Status != IncidentStatus.Open)
                {
                    incident.AcknowledgedAt ??= changes.Now;
                }
                incident.ResolvedAt = IncidentVocabulary.IsOpen(edit.Status) ? null : incident.ResolvedAt ?? changes.Now;
            }
            if (incident.Phase != edit.Phase)
            {
                Record(IncidentEventKind.PhaseChanged, $"Phase: {IncidentVocabulary.Label(incident.Phase)} → {IncidentVocabulary.Label(edit.Phase)}");
                incident.Phase = edit.Phase;
            }
            if (incident.Severity != edit.Severity)
            {
                Record(IncidentEventKind.SeverityChanged, $"Severity: {AlertVocabulary.ToWire(incident.Severity)} → {AlertVocabulary.ToWire(edit.Severity)}");
                incident.Severity = edit.Severity;
            }
            if (incident.AssigneeId != assignee?.Id)
            {
                Record(IncidentEventKind.AssigneeChanged, assignee is null ? "Unassigned" : "Assigned to " + assignee.Name);
                // The audit trail names people by id only (an erasure must never need to rewrite it).
                changed[^1] = assignee is null ? "Unassigned" : "Assigned to user:" + assignee.Id;
                (incident.AssigneeId, incident.AssigneeName) = (assignee?.Id, assignee?.Name);
            }
            if (changed.Count > 0)
            {
                incident.Version++;
                incident.UpdatedAt = changes.Now;
                changes.AddIncident(incidentId);
            }
            return new EditOutcome(true, null, IncidentView.From(incident));
        }, cancellationToken);
        if (outcome.Succeeded && changed.Count > 0)
        {
            await audit.AppendAsync(actor, "incident.update", target, string.Join("; ", changed), AuditOutcome.Success, cancellationToken);
        }
        else if (closeRefused)
        {
            await audit.AppendAsync(actor, "incident.update", target, "close refused: no complete post-incident review", AuditOutcome.Refused, cancellationToken);
        }
        else if (!outcome.Succeeded && outcome.Current is not null)
        {
            await audit.AppendAsync(actor, "incident.update", target, "stale version " + edit.Version, AuditOutcome.Failed, cancellationToken);
        }
        return outcome;
    }

    /// <summary>
    /// Puts something on the timeline at the time it happened (before now: a phone call, a log-in seen, a server pulled),
    /// as one line of text, with who wrote it; audited as <c>incident.event</c>.
    /// </summary>
    public async Task<EditOutcome> AddTimelineEventAsync(Actor actor, long incidentId, DateTimeOffset occurredAt, string? text, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.event", target, cancellationToken);
        var clean = IncidentText.Line(text, TimelineEventLength);
        if (clean.Length == 0)
        {
            return new(false, "Say what happened.");
        }
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new EditOutcome(false, EditOutcome.MissingIncident);
            }
            if (occurredAt > changes.Now + Regulatory.IncidentRegulatory.Skew)
            {
                return new EditOutcome(false, "That time is in the future: the timeline records what has happened.");
            }
            var entry = IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.TimelineEvent, actor, clean);
            entry.OccurredAt = occurredAt.ToUniversalTime();
            db.IncidentEvents.Add(entry);
            incident.UpdatedAt = changes.Now;
            changes.AddIncident(incidentId);
            return new EditOutcome(true, null, IncidentView.From(incident));
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, "incident.event", target, "at " + IncidentTime.Format(occurredAt), AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    public const int TimelineEventLength = 1000;

    public async Task<EditOutcome> AddNoteAsync(Actor actor, long incidentId, string? text, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.note", target, cancellationToken);
        var clean = IncidentText.Markdown(text);
        if (clean.Length == 0)
        {
            return new(false, "Write something first.");
        }
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new EditOutcome(false, EditOutcome.MissingIncident);
            }
            db.IncidentEvents.Add(IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.Note, actor, clean));
            incident.UpdatedAt = changes.Now;
            changes.AddIncident(incidentId);
            return new EditOutcome(true, null, IncidentView.From(incident));
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, "incident.note", target, null, AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }
}
