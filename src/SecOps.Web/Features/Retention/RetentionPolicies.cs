using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Retention;

/// <summary>
/// The retention period in force for each kind of data: the one an administrator set, else the configured default. A
/// change is a critical action: it is asked for through <see cref="Approvals"/> and applied here only once a second
/// administrator approved it (or at once, with a warning, while fewer than two exist).
/// </summary>
public sealed class RetentionPolicies(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, IOptions<RetentionOptions> options, TimeProvider time)
{
    public const string ChangeAction = "retention.change";

    /// <summary>The period in force per kind, without a permission check: for the purge.</summary>
    public async Task<IReadOnlyDictionary<RetentionKind, int?>> InForceAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.RetentionPolicies.AsNoTracking().ToDictionaryAsync(p => p.Kind, p => p.Days, cancellationToken);
        return RetentionKinds.All.ToDictionary(k => k, k => stored.TryGetValue(k, out var days) ? days : options.Value.DefaultDays(k));
    }

    /// <summary>Each kind with its period, where it comes from, and a change waiting for approval, if any.</summary>
    public async Task<IReadOnlyList<RetentionSetting>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.RetentionManage, "retention.read", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.RetentionPolicies.AsNoTracking().ToDictionaryAsync(p => p.Kind, cancellationToken);
        var pending = await db.Approvals.AsNoTracking().Where(a => a.Kind == ApprovalKind.ChangeRetention && a.State == ApprovalState.Pending)
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return [.. RetentionKinds.All.Select(kind =>
        {
            var waiting = pending.FirstOrDefault(a => RetentionKinds.TryParseTarget(a.TargetUserId, out var k) && k == kind);
            int? waitingDays = null;
            var hasWaiting = waiting is not null && RetentionKinds.TryParse(waiting.Change, out waitingDays);
            return stored.TryGetValue(kind, out var set)
                ? new RetentionSetting(kind, set.Days, false, set.ChangedAt, hasWaiting ? waiting!.Id : null, waitingDays)
                : new RetentionSetting(kind, options.Value.DefaultDays(kind), true, null, hasWaiting ? waiting!.Id : null, waitingDays);
        })];
    }

    /// <summary>
    /// Sets a kind's period. Only <see cref="Approvals"/> calls this, once the change is approved (or may proceed
    /// unapproved); the check here still refuses anyone without the permission.
    /// </summary>
    internal async Task ApplyAsync(Actor actor, RetentionKind kind, int? days, CancellationToken cancellationToken)
    {
        var target = RetentionKinds.Target(kind);
        await access.RequireAsync(actor, Permission.RetentionManage, ChangeAction, target, cancellationToken);
        int? before;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var policy = await db.RetentionPolicies.FirstOrDefaultAsync(p => p.Kind == kind, cancellationToken);
            before = policy is null ? options.Value.DefaultDays(kind) : policy.Days;
            if (policy is null)
            {
                db.RetentionPolicies.Add(policy = new RetentionPolicy { Kind = kind, ChangedBy = actor.Id });
            }
            (policy.Days, policy.ChangedAt, policy.ChangedBy) = (days, time.GetUtcNow(), actor.Id);
            await db.SaveChangesAsync(cancellationToken);
        }
        await audit.AppendAsync(actor, ChangeAction, target, $"{RetentionKinds.Format(before)} -> {RetentionKinds.Format(days)}", AuditOutcome.Success, cancellationToken);
    }
}

/// <summary>One kind's period (null: kept forever), whether it is the configured default, and a change waiting for approval.</summary>
public sealed record RetentionSetting(RetentionKind Kind, int? Days, bool FromConfiguration, DateTimeOffset? ChangedAt, long? WaitingApprovalId, int? WaitingDays);
