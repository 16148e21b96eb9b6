using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Retention;

/// <summary>
/// Deletes what is past its retention period, in batches of <see cref="RetentionOptions.BatchSize"/> records, each batch
/// one unit of work of the <see cref="StoreWriter"/>: the transaction stays small, and the deletions are ordered with
/// ingest and triage. Closed incidents go first, with everything belonging to them; the alerts linked to one are
/// unlinked (numbered as a bulk update, so boards refresh them) and from then on follow the closed-alert period. Purged
/// alerts are numbered as a bulk <see cref="ChangeKind.AlertPurged"/> range: open boards get one bulk notice, re-read the
/// rows they show and drop those that no longer exist; hub clients get the <c>bulk</c> event and reload. Each run is
/// recorded in the audit trail with its counts per kind and the periods applied, never with personal data. The audit
/// trail itself is never purged. Automation firings go last, in batches of their own outside the writer, as they are
/// written.
/// </summary>
public sealed class RetentionPurge(
    IDbContextFactory<SecOpsDbContext> contexts,
    StoreWriter writer,
    RetentionPolicies policies,
    AccessGuard access,
    AuditTrail audit,
    IOptions<RetentionOptions> options,
    TimeProvider time)
{
    public const string RunAction = "retention.purge";

    /// <summary>Runs the purge now for an administrator who asked for it.</summary>
    public async Task<RetentionCounts> RunNowAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.RetentionManage, RunAction, null, cancellationToken);
        return await PurgeAsync(actor, cancellationToken);
    }

    /// <summary>What a purge now would remove (a dry run: nothing is deleted).</summary>
    public async Task<RetentionCounts> PreviewAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.RetentionManage, "retention.preview", null, cancellationToken);
        var periods = await policies.InForceAsync(cancellationToken);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = new RetentionCounts();
        if (Cutoff(periods, RetentionKind.ClosedIncidents, now) is { } incidentCutoff)
        {
            var incidents = ExpiredIncidents(db, incidentCutoff).Select(i => i.Id);
            counts = counts with
            {
                Incidents = await incidents.CountAsync(cancellationToken),
                AlertsUnlinked = await db.Alerts.CountAsync(a => a.IncidentId != null && incidents.Contains(a.IncidentId.Value), cancellationToken),
            };
        }
        if (Cutoff(periods, RetentionKind.ClosedAlerts, now) is { } alertCutoff)
        {
            var alerts = ExpiredAlerts(db, alertCutoff).Select(a => a.Id);
            counts = counts with
            {
                Alerts = await alerts.CountAsync(cancellationToken),
                AlertNotes = await db.AlertNotes.CountAsync(n => alerts.Contains(n.AlertId), cancellationToken),
            };
        }
        if (Cutoff(periods, RetentionKind.AuditEvents, now) is { } eventCutoff)
        {
            counts = counts with { AuditEvents = await ExpiredAuditEvents(db, eventCutoff).CountAsync(cancellationToken) };
        }
        if (FiringCutoff(periods, now) is { } firingCutoff)
        {
            counts = counts with { AutomationFirings = await ExpiredFirings(db, firingCutoff).CountAsync(cancellationToken) };
        }
        return counts;
    }

    /// <summary>The latest runs, newest first, as the audit trail recorded them.</summary>
    public async Task<IReadOnlyList<RetentionRun>> RecentRunsAsync(Actor actor, int take, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.RetentionManage, "retention.runs", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditRecords.AsNoTracking().Where(r => r.Action == RunAction && r.Outcome != AuditOutcome.Refused)
            .OrderByDescending(r => r.Sequence).Take(take)
            .Select(r => new RetentionRun(r.At, r.ActorId == Actor.System.Id, r.Outcome == AuditOutcome.Success, r.Details ?? ""))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether the scheduled purge is due: no run recorded within <see cref="RetentionOptions.Interval"/>.</summary>
    public async Task<bool> DueAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.AuditRecords.AsNoTracking().Where(r => r.Action == RunAction && r.Outcome != AuditOutcome.Refused)
            .OrderByDescending(r => r.Sequence).Select(r => (DateTimeOffset?)r.At).FirstOrDefaultAsync(cancellationToken);
        return last is null || last.Value <= time.GetUtcNow() - options.Value.Interval;
    }

    /// <summary>Deletes everything past its period, batch by batch, and records the run (also when it fails part-way).</summary>
    internal async Task<RetentionCounts> PurgeAsync(Actor actor, CancellationToken cancellationToken)
    {
        var periods = await policies.InForceAsync(cancellationToken);
        var now = time.GetUtcNow();
        var counts = new RetentionCounts();
        try
        {
            if (Cutoff(periods, RetentionKind.ClosedIncidents, now) is { } incidentCutoff)
            {
                while (await PurgeIncidentsAsync(incidentCutoff, cancellationToken) is { Incidents: > 0 } batch)
                {
                    counts += batch;
                }
            }
            if (Cutoff(periods, RetentionKind.ClosedAlerts, now) is { } alertCutoff)
            {
                while (await PurgeAlertsAsync(alertCutoff, cancellationToken) is { Alerts: > 0 } batch)
                {
                    counts += batch;
                }
            }
            if (Cutoff(periods, RetentionKind.AuditEvents, now) is { } eventCutoff)
            {
                while (await PurgeAuditEventsAsync(eventCutoff, cancellationToken) is { AuditEvents: > 0 } batch)
                {
                    counts += batch;
                }
            }
            if (FiringCutoff(periods, now) is { } firingCutoff)
            {
                while (await PurgeFiringsAsync(firingCutoff, cancellationToken) is { AutomationFirings: > 0 } batch)
                {
                    counts += batch;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await audit.AppendAsync(actor, RunAction, "retention", counts.Describe(periods) + "; failed part-way: " + e.GetType().Name, AuditOutcome.Failed, CancellationToken.None);
            throw;
        }
        await audit.AppendAsync(actor, RunAction, "retention", counts.Describe(periods), AuditOutcome.Success, CancellationToken.None);
        return counts;
    }

    private static DateTimeOffset? Cutoff(IReadOnlyDictionary<RetentionKind, int?> periods, RetentionKind kind, DateTimeOffset now) =>
        periods[kind] is { } days ? now - TimeSpan.FromDays(days) : null;

    // Rate limits count a rule's firings within its window: those are kept whatever the period.
    private static DateTimeOffset? FiringCutoff(IReadOnlyDictionary<RetentionKind, int?> periods, DateTimeOffset now) =>
        Cutoff(periods, RetentionKind.AutomationFirings, now) is { } cutoff ? Min(cutoff, now - AutomationRule.LongestPer) : null;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    // Closed, and closed (and last changed) before the cutoff: an incident reopened or edited since starts its period again.
    private static IQueryable<Incident> ExpiredIncidents(SecOpsDbContext db, DateTimeOffset cutoff) =>
        db.Incidents.Where(i => i.Status == IncidentStatus.Closed && i.ResolvedAt != null && i.ResolvedAt < cutoff && i.UpdatedAt < cutoff);

    // Never an open alert, and never one linked to an incident: that one follows its incident.
    private static IQueryable<Alert> ExpiredAlerts(SecOpsDbContext db, DateTimeOffset cutoff) =>
        db.Alerts.Where(a => a.Status == AlertStatus.Closed && a.IncidentId == null && a.ClosedAt != null && a.ClosedAt < cutoff);

    private static IQueryable<AuditEvent> ExpiredAuditEvents(SecOpsDbContext db, DateTimeOffset cutoff) =>
        db.AuditEvents.Where(e => e.Timestamp < cutoff);

    private Task<RetentionCounts> PurgeIncidentsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        writer.WriteAsync(async (db, changes, ct) =>
        {
            var ids = await ExpiredIncidents(db, cutoff).OrderBy(i => i.Id).Select(i => i.Id).Take(options.Value.BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                return new RetentionCounts();
            }
            var (incidents, rows, linked) = await IncidentRemoval.DeleteAsync(db, changes, ids, ct);
            return new RetentionCounts { Incidents = incidents, IncidentRows = rows, AlertsUnlinked = linked };
        }, cancellationToken);

    private Task<RetentionCounts> PurgeAlertsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        writer.WriteAsync(async (db, changes, ct) =>
        {
            var ids = await ExpiredAlerts(db, cutoff).OrderBy(a => a.Id).Select(a => a.Id).Take(options.Value.BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                return new RetentionCounts();
            }
            var notes = await db.AlertNotes.Where(n => ids.Contains(n.AlertId)).ExecuteDeleteAsync(ct);
            var history = await db.AlertTransitions.Where(t => ids.Contains(t.AlertId)).ExecuteDeleteAsync(ct);
            var alerts = await db.Alerts.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(ct);
            changes.AddBulk(ChangeKind.AlertPurged, ids);
            return new RetentionCounts { Alerts = alerts, AlertNotes = notes, AlertHistory = history };
        }, cancellationToken);

    private static IQueryable<RuleFiring> ExpiredFirings(SecOpsDbContext db, DateTimeOffset cutoff) =>
        db.AutomationFirings.Where(f => f.ClaimedAt < cutoff);

    // Outside the writer, as the claims are: a firing is no alert state, and claims of new alerts are never this old.
    private async Task<RetentionCounts> PurgeFiringsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await ExpiredFirings(db, cutoff).OrderBy(f => f.Id).Select(f => f.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
        return new RetentionCounts { AutomationFirings = ids.Count == 0 ? 0 : await db.AutomationFirings.Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken) };
    }

    // Through the writer too: audit-event ingest deduplicates under its lock, so a deletion never races an upsert.
    private Task<RetentionCounts> PurgeAuditEventsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        writer.WriteAsync(async (db, _, ct) =>
        {
            var ids = await ExpiredAuditEvents(db, cutoff).OrderBy(e => e.Id).Select(e => e.Id).Take(options.Value.BatchSize).ToListAsync(ct);
            return new RetentionCounts { AuditEvents = ids.Count == 0 ? 0 : await db.AuditEvents.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct) };
        }, cancellationToken);
}

/// <summary>What one purge removed (or a dry run would): counts only, never which records, so the audit record holds no personal data.</summary>
public sealed record RetentionCounts
{
    public int Alerts { get; init; }
    public int AlertNotes { get; init; }
    public int AlertHistory { get; init; }
    public int AuditEvents { get; init; }
    public int Incidents { get; init; }

    /// <summary>Rows belonging to the purged incidents: notes and timeline, observables, evidence, tasks, review, members.</summary>
    public int IncidentRows { get; init; }

    /// <summary>Alerts that were linked to a purged incident and are kept, unlinked.</summary>
    public int AlertsUnlinked { get; init; }

    public int AutomationFirings { get; init; }

    public static RetentionCounts operator +(RetentionCounts a, RetentionCounts b) => new()
    {
        Alerts = a.Alerts + b.Alerts,
        AlertNotes = a.AlertNotes + b.AlertNotes,
        AlertHistory = a.AlertHistory + b.AlertHistory,
        AuditEvents = a.AuditEvents + b.AuditEvents,
        Incidents = a.Incidents + b.Incidents,
        IncidentRows = a.IncidentRows + b.IncidentRows,
        AlertsUnlinked = a.AlertsUnlinked + b.AlertsUnlinked,
        AutomationFirings = a.AutomationFirings + b.AutomationFirings,
    };

    /// <summary>The audit record's text: counts per kind, then the periods that applied.</summary>
    public string Describe(IReadOnlyDictionary<RetentionKind, int?> periods) => string.Create(CultureInfo.InvariantCulture,
        $"closed alerts {Alerts} (notes {AlertNotes}, history {AlertHistory}); audit events {AuditEvents}; closed incidents {Incidents} (rows {IncidentRows}, alerts unlinked {AlertsUnlinked}); "
        + $"automation firings {AutomationFirings}; "
        + $"periods: closed alerts {RetentionKinds.Format(periods[RetentionKind.ClosedAlerts])}, audit events {RetentionKinds.Format(periods[RetentionKind.AuditEvents])}, closed incidents {RetentionKinds.Format(periods[RetentionKind.ClosedIncidents])}, "
        + $"automation firings {RetentionKinds.Format(periods[RetentionKind.AutomationFirings])}");
}

/// <summary>One recorded purge: when, whether the schedule ran it, whether it finished, and its counts as recorded.</summary>
public sealed record RetentionRun(DateTimeOffset At, bool Scheduled, bool Succeeded, string Counts);
