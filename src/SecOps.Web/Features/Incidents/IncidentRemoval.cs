using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// Deletes incidents with everything on them: tasks and playbooks, evidence files with their custody log, observables,
/// notifications, the review and its follow-ups, the timeline and the members. Their alerts are unlinked, kept, and
/// renumbered in the change feed so boards and hub clients re-read them. Each deletion is numbered too
/// (<see cref="Live.ChangeKind.IncidentDeleted"/>, with a tombstone saying who may hear of it), so open incident pages,
/// lists and hub clients drop the incident live and a replay carries it. Used by the retention purge and, after a
/// second administrator's approval, by <see cref="DeleteAsync(Actor, long, CancellationToken)"/>.
/// </summary>
public sealed class IncidentRemoval(StoreWriter writer, AuditTrail audit)
{
    /// <summary>Inside a store write: deletes <paramref name="ids"/>; returns the incidents deleted, the other rows deleted and the alerts unlinked.</summary>
    public static async Task<(int Incidents, int Rows, int AlertsUnlinked)> DeleteAsync(SecOpsDbContext db, ChangeSet changes, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        // Numbered first, while the members are still there to say who may hear of it.
        await Tombstones.RemoveIncidentsAsync(db, changes, ids, ct);
        var linked = await db.Alerts.Where(a => a.IncidentId != null && ids.Contains(a.IncidentId.Value)).Select(a => a.Id).ToListAsync(ct);
        if (linked.Count > 0)
        {
            await db.Alerts.Where(a => linked.Contains(a.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.IncidentId, (long?)null).SetProperty(a => a.IncidentRestricted, false).SetProperty(a => a.Version, a => a.Version + 1), ct);
            changes.AddBulk(ChangeKind.AlertUpdated, linked);
        }
        // Children first and explicitly (the foreign keys would cascade most of them, but not every table has one,
        // and the count of what went belongs in the audit record).
        var evidence = db.EvidenceFiles.Where(e => ids.Contains(e.IncidentId)).Select(e => e.Id);
        var rows = 0;
        rows += await db.IncidentTasks.Where(t => ids.Contains(t.IncidentId)).ExecuteDeleteAsync(ct);
        rows += await db.IncidentPlaybooks.Where(p => ids.Contains(p.IncidentId)).ExecuteDeleteAsync(ct);
        rows += await db.EvidenceCustody.Where(c => ids.Contains(c.IncidentId)).ExecuteDeleteAsync(ct);
        rows += await db.EvidenceBlobs.Where(b => evidence.Contains(b.EvidenceId)).ExecuteDeleteAsync(ct);
        rows += await db.EvidenceFiles.Where(e => ids.Contains(e.IncidentId)).ExecuteDeleteAsync(ct);
        rows += await db.IncidentObservables.Where(o => ids.Contains(o.IncidentId)).ExecuteDeleteAsync(ct);
        rows += await db.IncidentNotifications.Where(n => ids.Contains(n.IncidentId)).ExecuteDeleteAsync(ct);
        rows += await db.ReviewFollowUps.Where(f => ids.Contains(f.IncidentId)).ExecuteDeleteAsync(ct);
        rows += await db.PostIncidentReviews.Where(r => ids.Contains(r.IncidentId)).ExecuteDeleteAsync(ct);
        rows += await db.IncidentEvents.Where(e => ids.Contains(e.IncidentId)).ExecuteDeleteAsync(ct);
        rows += await db.IncidentMembers.Where(m => ids.Contains(m.IncidentId)).ExecuteDeleteAsync(ct);
        var incidents = await db.Incidents.Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(ct);
        return (incidents, rows, linked.Count);
    }

    /// <summary>
    /// Deletes one incident once its deletion was approved (the caller, <see cref="Admin.Approvals"/>, checked the
    /// permission and the second administrator). Audited as <c>incident.delete</c> with counts only: no title, no names.
    /// </summary>
    public async Task<(bool Deleted, int Rows, int AlertsUnlinked)> DeleteAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        var (incidents, rows, unlinked) = await writer.WriteAsync((db, changes, ct) => DeleteAsync(db, changes, [incidentId], ct), cancellationToken);
        await audit.AppendAsync(actor, "incident.delete", IncidentEscalation.Target(incidentId),
            incidents == 1 ? $"{rows} rows deleted; {unlinked} alerts unlinked" : "no such incident", incidents == 1 ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
        return (incidents == 1, rows, unlinked);
    }
}
