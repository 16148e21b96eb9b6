using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// What an analyst says about a new incident; empty parts are taken from the alerts. A restricted incident is seen only
/// by <see cref="Members"/> (ids of people; the creator is always added) and administrators. <see cref="Observables"/>
/// are those the analyst chose (for example from the alerts' entities).
/// </summary>
public sealed record NewIncident(string? Title = null, string? Description = null, Severity? Severity = null, IncidentType Type = IncidentType.Other,
    Tlp Tlp = Tlp.Amber, Pap Pap = Pap.Amber, int? TeamId = null, bool Restricted = false, IReadOnlyList<string>? Members = null,
    IReadOnlyList<NewObservable>? Observables = null);

/// <summary>An escalation's result: the incident, how many alerts it took, and how many were already in an incident.</summary>
public sealed record EscalationOutcome(bool Succeeded, string? Error, long IncidentId, int Linked, int AlreadyLinked)
{
    public static EscalationOutcome Failed(string error) => new(false, error, 0, 0, 0);
}

/// <summary>
/// Makes incidents from alerts (or from nothing, by hand) and adds alerts to open ones. Every change goes through the
/// <see cref="StoreWriter"/> (each linked alert is numbered in the change feed, so boards show its incident live), is
/// audited, and is permission-checked here: analysts and responders escalate. An alert belongs to one incident at most;
/// one already in an incident is left where it is and counted. The alerts' entities become observables only as the
/// analyst chooses (<see cref="EntitiesAsync"/> offers them).
/// </summary>
public sealed class IncidentEscalation(StoreWriter writer, AccessGuard access, AuditTrail audit, Teams.Teams teams,
    IDbContextFactory<SecOpsDbContext> contexts)
{
    public const int MaxAlerts = 1000;

    public async Task<EscalationOutcome> CreateAsync(Actor actor, NewIncident draft, IReadOnlyCollection<long> alertIds, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsEscalate, "incident.create", null, cancellationToken);
        if (alertIds.Count > MaxAlerts)
        {
            return EscalationOutcome.Failed($"At most {MaxAlerts:N0} alerts go into an incident at once.");
        }
        var title = IncidentText.Title(draft.Title);
        var members = await IncidentMembership.ResolveAsync(teams, actor, draft.Restricted, draft.Members, cancellationToken);
        if (members.Error is not null)
        {
            return EscalationOutcome.Failed(members.Error);
        }
        var observables = IncidentObservables.Clean(draft.Observables);
        if (observables.Error is not null)
        {
            return EscalationOutcome.Failed(observables.Error);
        }
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            if (draft.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            {
                return EscalationOutcome.Failed("The team does not exist.");
            }
            var alerts = await LoadAsync(db, alertIds, ct);
            if (alertIds.Count > 0 && alerts.Count == 0)
            {
                return EscalationOutcome.Failed("None of the alerts exists.");
            }
            var free = alerts.Where(a => a.IncidentId is null).ToList();
            if (title.Length == 0)
            {
                title = DefaultTitle(free.Count > 0 ? free : alerts);
            }
            if (title.Length == 0)
            {
                return EscalationOutcome.Failed("Give the incident a title.");
            }
            var incident = new Incident
            {
                Title = title,
                Description = IncidentText.Markdown(draft.Description),
                Severity = draft.Severity ?? (alerts.Count > 0 ? alerts.Max(a => a.Severity) : Severity.Medium),
                Type = draft.Type,
                Tlp = draft.Tlp,
                Pap = draft.Pap,
                TeamId = draft.TeamId,
                Restricted = draft.Restricted,
                CreatedById = actor.Id,
                CreatedAt = changes.Now,
                UpdatedAt = changes.Now,
            };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync(ct);
            db.IncidentEvents.Add(Event(incident.Id, changes.Now, IncidentEventKind.Created, actor, draft.Restricted ? "Created (restricted)" : "Created"));
            db.IncidentMembers.AddRange(members.People.Select(p => new IncidentMember { IncidentId = incident.Id, UserId = p.Id, UserName = p.Name }));
            IncidentObservables.Add(db, incident.Id, [], observables.Items, actor, changes.Now);
            Link(db, incident, free, actor, changes);
            changes.AddIncident(incident.Id);
            return new EscalationOutcome(true, null, incident.Id, free.Count, alerts.Count - free.Count);
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, "incident.create", Target(outcome.IncidentId), Details(outcome), AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    /// <summary>Adds alerts to an open incident (a merge of escalated alerts into it).</summary>
    public async Task<EscalationOutcome> AddAlertsAsync(Actor actor, long incidentId, IReadOnlyCollection<long> alertIds, CancellationToken cancellationToken,
        IReadOnlyList<NewObservable>? chosenObservables = null)
    {
        await access.RequireAsync(actor, Permission.IncidentsEscalate, "incident.link", Target(incidentId), cancellationToken);
        if (alertIds.Count is 0 or > MaxAlerts)
        {
            return EscalationOutcome.Failed(alertIds.Count == 0 ? "Choose alerts first." : $"At most {MaxAlerts:N0} alerts go into an incident at once.");
        }
        var observables = IncidentObservables.Clean(chosenObservables);
        if (observables.Error is not null)
        {
            return EscalationOutcome.Failed(observables.Error);
        }
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return EscalationOutcome.Failed(EditOutcome.MissingIncident);
            }
            if (!IncidentVocabulary.IsOpen(incident.Status))
            {
                return EscalationOutcome.Failed("The incident is no longer open.");
            }
            var alerts = await LoadAsync(db, alertIds, ct);
            var free = alerts.Where(a => a.IncidentId is null).ToList();
            Link(db, incident, free, actor, changes);
            var added = await IncidentObservables.AddMissingAsync(db, incident.Id, observables.Items, actor, changes.Now, ct);
            if (free.Count > 0 || added > 0)
            {
                incident.UpdatedAt = changes.Now;
                incident.Version++;
                changes.AddIncident(incident.Id);
            }
            return new EscalationOutcome(true, null, incident.Id, free.Count, alerts.Count - free.Count);
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, "incident.link", Target(incidentId), Details(outcome), AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    /// <summary>
    /// The observables the alerts' entities offer (source and destination addresses, users, email addresses, host names
    /// that are domains), each once and in its one form, for the analyst to choose from when escalating.
    /// </summary>
    public async Task<IReadOnlyList<NewObservable>> EntitiesAsync(Actor actor, IReadOnlyCollection<long> alertIds, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsEscalate, "incident.entities", null, cancellationToken);
        var ids = alertIds.Distinct().Take(MaxAlerts).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.SourceIp, a.DestinationIp, a.UserName, a.HostName }).ToListAsync(cancellationToken);
        var offered = new List<NewObservable>();
        void Offer(ObservableType type, string? value)
        {
            if (value is not null && IncidentObservables.Normalise(type, value) is { } clean && !offered.Any(o => o.Type == type && o.Value == clean))
            {
                offered.Add(new NewObservable(type, clean));
            }
        }
        foreach (var alert in alerts)
        {
            Offer(ObservableType.Ip, alert.SourceIp);
            Offer(ObservableType.Ip, alert.DestinationIp);
            Offer(alert.UserName?.Contains('@') == true ? ObservableType.Email : ObservableType.User, alert.UserName);
            if (alert.HostName?.Contains('.') == true)
            {
                Offer(ObservableType.Domain, alert.HostName);
            }
        }
        return offered;
    }

    private static async Task<List<Alert>> LoadAsync(SecOpsDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        return await db.Alerts.Where(a => distinct.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(ct);
    }

    private static void Link(SecOpsDbContext db, Incident incident, List<Alert> alerts, Actor actor, ChangeSet changes)
    {
        foreach (var alert in alerts)
        {
            (alert.IncidentId, alert.IncidentRestricted) = (incident.Id, incident.Restricted);
            changes.Add(ChangeKind.AlertEscalated, alert);
        }
        if (alerts.Count > 0)
        {
            var text = alerts.Count == 1 ? "1 alert linked" : $"{alerts.Count} alerts linked";
            db.IncidentEvents.Add(Event(incident.Id, changes.Now, IncidentEventKind.AlertsLinked, actor, text));
        }
    }

    internal static IncidentEvent Event(long incidentId, DateTimeOffset at, IncidentEventKind kind, Actor actor, string text) =>
        new() { IncidentId = incidentId, At = at, Kind = kind, ActorId = actor.Id, ActorName = actor.Name, Text = text };

    private static string DefaultTitle(List<Alert> alerts) => alerts.Count switch
    {
        0 => "",
        1 => IncidentText.Title(alerts[0].RuleName),
        _ => IncidentText.Title($"{alerts[0].RuleName} and {alerts.Count - 1} more"),
    };

    internal static string Target(long incidentId) => "incident:" + incidentId;

    private static string Details(EscalationOutcome outcome) => $"linked {outcome.Linked}, already in an incident {outcome.AlreadyLinked}";
}
