using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Outbound;
using SecOps.Web.Features.Retention;

namespace SecOps.Web.Features.Admin;

/// <summary>
/// Separation of duties: a critical action (<see cref="ApprovalKind"/>) asked for by one administrator is stored as a
/// pending approval and takes effect only when a different administrator approves it; either may reject it. While fewer
/// than two administrators can act, nobody could approve, so the action proceeds at once, and the result and the audit
/// record both say so. Every request, approval, refusal and rejection is audited.
/// </summary>
public sealed class Approvals(
    IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, PersonErasure erasure, RetentionPolicies retention,
    Incidents.IncidentRemoval incidents, OutboundHosts outboundHosts, TimeProvider time)
{
    public const string Bypassed = "approval.bypassed";

    /// <summary>How long the reason for deleting an incident may be.</summary>
    public const int ReasonLength = 500;

    public static string Describe(ApprovalKind kind) => kind switch
    {
        ApprovalKind.GrantAdmin => "Grant the administrator role",
        ApprovalKind.ResetMfa => "Reset (turn off) MFA",
        ApprovalKind.ChangeRetention => "Change a retention period",
        ApprovalKind.DeleteIncident => "Delete an incident",
        ApprovalKind.AllowOutboundHost => "Add a host to the outbound allowlist",
        _ => "Erase the person's data",
    };

    /// <summary>Asks for a critical action on <paramref name="targetUserId"/>: pending, or applied at once with a warning when there is no second administrator.</summary>
    public async Task<AdminResult> RequestAsync(Actor actor, ApprovalKind kind, string targetUserId, CancellationToken cancellationToken)
    {
        var target = "user:" + targetUserId;
        if (kind == ApprovalKind.ErasePerson)
        {
            await access.RequireAsync(actor, Permission.PeopleErase, "approval.request", target, cancellationToken);
        }
        else
        {
            await access.RequireAsync(actor, Permission.UsersManage, "approval.request", target, cancellationToken);
        }
        if (kind == ApprovalKind.ErasePerson && actor.PersonId == targetUserId)
        {
            return new(AdminOutcome.Refused, "You cannot erase your own account.");
        }
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Users.AnyAsync(u => u.Id == targetUserId, cancellationToken))
            {
                return new(AdminOutcome.Failed, "That person does not exist.");
            }
        }
        return await RequestCoreAsync(actor, kind, targetUserId, null, cancellationToken);
    }

    /// <summary>Asks for a new retention period of one kind of data (days, or null to keep it forever), as any critical action.</summary>
    public async Task<AdminResult> RequestRetentionChangeAsync(Actor actor, RetentionKind kind, int? days, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.RetentionManage, "approval.request", RetentionKinds.Target(kind), cancellationToken);
        if (days is < RetentionKinds.MinimumDays or > RetentionKinds.MaximumDays)
        {
            return new(AdminOutcome.Failed, $"A retention period is {RetentionKinds.MinimumDays} to {RetentionKinds.MaximumDays} days, or kept forever.");
        }
        return await RequestCoreAsync(actor, ApprovalKind.ChangeRetention, RetentionKinds.Target(kind), RetentionKinds.Format(days), cancellationToken);
    }

    /// <summary>
    /// Asks for an incident to be deleted with everything on it, saying why (the reason is shown to the approver and kept
    /// out of the audit trail, which records the request, the decision and the counts of what went).
    /// </summary>
    public async Task<AdminResult> RequestIncidentDeletionAsync(Actor actor, long incidentId, string? reason, CancellationToken cancellationToken)
    {
        var subject = Incidents.IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.ApprovalsDecide, "approval.request", subject, cancellationToken);
        var clean = DisplayText.CleanUserText(reason?.Replace('\n', ' ').Trim(), null) ?? "";
        if (clean.Length == 0 || clean.Length > ReasonLength)
        {
            return new(AdminOutcome.Failed, $"Say why the incident is to be deleted (at most {ReasonLength} characters).");
        }
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Incidents.AnyAsync(i => i.Id == incidentId, cancellationToken))
            {
                return new(AdminOutcome.Failed, "That incident does not exist.");
            }
        }
        return await RequestCoreAsync(actor, ApprovalKind.DeleteIncident, subject, null, cancellationToken, clean);
    }

    /// <summary>
    /// Asks for a host to be put on the stored outbound allowlist (<c>host</c>, <c>host:port</c> or <c>*.domain</c>):
    /// requests may then leave for it, so a second administrator approves it as any critical action.
    /// </summary>
    public async Task<AdminResult> RequestOutboundHostAsync(Actor actor, string? host, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.OutboundManage, "approval.request", OutboundHosts.TargetPrefix, cancellationToken);
        var (entry, problem) = OutboundHostEntry.Normalize(host);
        if (entry is null || (problem = await outboundHosts.DuplicateAsync(entry, cancellationToken)) is not null)
        {
            return new(AdminOutcome.Failed, problem!);
        }
        return await RequestCoreAsync(actor, ApprovalKind.AllowOutboundHost, OutboundHosts.Target(entry), null, cancellationToken);
    }

    // The request once the caller checked its permission and its subject: pending, or applied at once when nobody could approve.
    private async Task<AdminResult> RequestCoreAsync(Actor actor, ApprovalKind kind, string subject, string? change, CancellationToken cancellationToken, string? reason = null)
    {
        var target = AuditTarget(kind, subject);
        var what = change is null ? $"{kind}" : $"{kind} to {change}";
        int administrators;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            administrators = await AccountChanges.ActiveAdministratorsAsync(db, time.GetUtcNow(), cancellationToken);
            if (administrators >= 2)
            {
                var existing = await db.Approvals.AsNoTracking()
                    .FirstOrDefaultAsync(a => a.State == ApprovalState.Pending && a.Kind == kind && a.TargetUserId == subject, cancellationToken);
                if (existing is not null)
                {
                    return new(AdminOutcome.Pending, $"{Describe(kind)}: already waiting for a second administrator (request {existing.Id}).", existing.Id);
                }
                var approval = new Approval { Kind = kind, TargetUserId = subject, Change = change, Reason = reason, RequestedBy = actor.Id, RequestedAt = time.GetUtcNow(), State = ApprovalState.Pending };
                db.Approvals.Add(approval);
                await db.SaveChangesAsync(cancellationToken);
                await audit.AppendAsync(actor, "approval.request", target, $"{what} requested (request {approval.Id})", AuditOutcome.Success, cancellationToken);
                return new(AdminOutcome.Pending, $"{Describe(kind)}: waiting for a second administrator to approve (request {approval.Id}).", approval.Id);
            }
        }
        // Nobody else could approve: proceed, and say so where it will be read later.
        await audit.AppendAsync(actor, Bypassed, target, $"{what} applied without a second approval: {administrators} active administrator(s)", AuditOutcome.Success, cancellationToken);
        var applied = await ApplyAsync(actor, kind, subject, change, cancellationToken);
        return applied.Done
            ? new(AdminOutcome.AppliedWithoutSecondApproval, $"{Describe(kind)}: done without a second approval, because fewer than two administrators exist. This is recorded in the audit trail.")
            : applied;
    }

    /// <summary>A second administrator approves: the action takes effect now. The requester cannot approve their own request.</summary>
    public async Task<AdminResult> ApproveAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ApprovalsDecide, "approval.approve", "approval:" + id, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var approval = await db.Approvals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (approval is not { State: ApprovalState.Pending })
        {
            return new(AdminOutcome.Failed, "That request is no longer waiting.");
        }
        if (approval.RequestedBy == actor.Id)
        {
            await audit.AppendAsync(actor, "approval.approve", "approval:" + id, "the requester cannot approve their own request", AuditOutcome.Refused, cancellationToken);
            return new(AdminOutcome.Refused, "You asked for this: a different administrator must approve it.");
        }
        // Only one decision wins, whoever else clicks at the same moment.
        var now = time.GetUtcNow();
        if (await db.Approvals.Where(a => a.Id == id && a.State == ApprovalState.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.State, ApprovalState.Approved).SetProperty(a => a.DecidedBy, actor.Id).SetProperty(a => a.DecidedAt, now), cancellationToken) != 1)
        {
            return new(AdminOutcome.Failed, "That request is no longer waiting.");
        }
        await audit.AppendAsync(actor, "approval.approve", AuditTarget(approval.Kind, approval.TargetUserId), $"{approval.Kind} (request {id}) requested by {approval.RequestedBy}", AuditOutcome.Success, cancellationToken);
        return await ApplyAsync(actor, approval.Kind, approval.TargetUserId, approval.Change, cancellationToken);
    }

    public async Task<AdminResult> RejectAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ApprovalsDecide, "approval.reject", "approval:" + id, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var approval = await db.Approvals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (approval is null || await db.Approvals.Where(a => a.Id == id && a.State == ApprovalState.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.State, ApprovalState.Rejected).SetProperty(a => a.DecidedBy, actor.Id).SetProperty(a => a.DecidedAt, now), cancellationToken) != 1)
        {
            return new(AdminOutcome.Failed, "That request is no longer waiting.");
        }
        await audit.AppendAsync(actor, "approval.reject", AuditTarget(approval.Kind, approval.TargetUserId), $"{approval.Kind} (request {id}) requested by {approval.RequestedBy}", AuditOutcome.Success, cancellationToken);
        return new(AdminOutcome.Applied, $"{Describe(approval.Kind)}: rejected.");
    }

    /// <summary>The requests waiting, oldest first, with the names of the people involved where their accounts still exist.</summary>
    public async Task<IReadOnlyList<PendingApproval>> PendingAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ApprovalsDecide, "approval.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = await db.Approvals.AsNoTracking().Where(a => a.State == ApprovalState.Pending).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var ids = pending.SelectMany(a => new[] { a.TargetUserId, a.RequestedBy }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrEmpty(u.DisplayName) ? u.Email ?? u.Id : $"{u.DisplayName} ({u.Email})", cancellationToken);
        return [.. pending.Select(a => new PendingApproval(a.Id, a.Kind, a.TargetUserId, a.Kind switch
            {
                ApprovalKind.ChangeRetention => RetentionChange(a),
                ApprovalKind.DeleteIncident => $"{a.TargetUserId}: {a.Reason}",
                ApprovalKind.AllowOutboundHost => OutboundHosts.EntryOf(a.TargetUserId),
                _ => names.GetValueOrDefault(a.TargetUserId, a.TargetUserId),
            },
            a.RequestedBy, names.GetValueOrDefault(a.RequestedBy, a.RequestedBy), a.RequestedAt, a.RequestedBy == actor.Id))];
    }

    // A retention change names a kind of data, an incident deletion its incident and an allowlist addition its host, not an account.
    private static string AuditTarget(ApprovalKind kind, string subject) =>
        kind is ApprovalKind.ChangeRetention or ApprovalKind.DeleteIncident or ApprovalKind.AllowOutboundHost ? subject : "user:" + subject;

    private static string RetentionChange(Approval approval) =>
        RetentionKinds.TryParseTarget(approval.TargetUserId, out var kind) && RetentionKinds.TryParse(approval.Change, out var days)
            ? $"{RetentionKinds.Label(kind)}: {RetentionKinds.Describe(days)}"
            : approval.TargetUserId;

    private async Task<AdminResult> ApplyAsync(Actor actor, ApprovalKind kind, string targetUserId, string? change, CancellationToken cancellationToken)
    {
        var target = "user:" + targetUserId;
        if (kind == ApprovalKind.ChangeRetention)
        {
            if (!RetentionKinds.TryParseTarget(targetUserId, out var retentionKind) || !RetentionKinds.TryParse(change, out var days))
            {
                return new(AdminOutcome.Failed, "That retention change cannot be read.");
            }
            await retention.ApplyAsync(actor, retentionKind, days, cancellationToken);
            return new(AdminOutcome.Applied, $"{RetentionKinds.Label(retentionKind)}: now {RetentionKinds.Describe(days)}.");
        }
        if (kind == ApprovalKind.AllowOutboundHost)
        {
            return await outboundHosts.AddAsync(actor, OutboundHosts.EntryOf(targetUserId), cancellationToken);
        }
        if (kind == ApprovalKind.DeleteIncident)
        {
            if (!long.TryParse(targetUserId.AsSpan("incident:".Length), out var incidentId))
            {
                return new(AdminOutcome.Failed, "That incident deletion cannot be read.");
            }
            var (deleted, rows, unlinked) = await incidents.DeleteAsync(actor, incidentId, cancellationToken);
            return deleted
                ? new(AdminOutcome.Applied, $"Incident {incidentId} deleted: {rows} rows on it deleted, {unlinked} alerts unlinked (kept).")
                : new(AdminOutcome.Failed, "That incident no longer exists.");
        }
        if (kind == ApprovalKind.ErasePerson)
        {
            var outcome = await erasure.EraseAsync(actor, targetUserId, cancellationToken);
            return outcome.Succeeded
                ? new(AdminOutcome.Applied, $"Erased: the account and {outcome.RowsDeleted - 1} personal rows deleted, {outcome.ValuesReplaced} rows rewritten.")
                : new(AdminOutcome.Failed, outcome.Error ?? "The erasure failed.");
        }
        bool done;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            done = kind == ApprovalKind.GrantAdmin
                ? await AccountChanges.SetRoleAsync(db, targetUserId, Roles.Admin, cancellationToken)
                : await AccountChanges.ResetMfaAsync(db, targetUserId, cancellationToken);
        }
        var action = kind == ApprovalKind.GrantAdmin ? "account.role" : "account.mfa-reset";
        await audit.AppendAsync(actor, action, target, kind == ApprovalKind.GrantAdmin ? "role admin" : null, done ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
        return done ? new(AdminOutcome.Applied, $"{Describe(kind)}: done.") : new(AdminOutcome.Failed, "That person does not exist.");
    }
}

public sealed record PendingApproval(long Id, ApprovalKind Kind, string TargetUserId, string TargetName, string RequestedBy, string RequestedByName, DateTimeOffset RequestedAt, bool Mine);
