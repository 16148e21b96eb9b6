using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Suppression;

/// <summary>
/// Suppression rules: created, listed and revoked by triage roles, every change audited; ingest asks
/// <see cref="ApplyAsync"/> about each new alert. Active rules are cached and reloaded on every change.
/// </summary>
public sealed class Suppressions(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, TimeProvider time)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);
    private volatile IReadOnlyList<SuppressionRule>? _active;

    public sealed record Draft(string Reason, string? RuleName, string? HostName, string? UserName, string? SourceIp, TimeSpan Lifetime, bool AutoClose, CloseReason? CloseReason);

    public async Task<SuppressionRule> CreateAsync(Actor actor, Draft draft, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsTriage, "suppression.create", null, cancellationToken);
        if (string.IsNullOrWhiteSpace(draft.Reason))
        {
            throw new ArgumentException("A suppression needs a reason.", nameof(draft));
        }
        if ((draft.RuleName ?? draft.HostName ?? draft.UserName ?? draft.SourceIp) is null)
        {
            throw new ArgumentException("A suppression must name a rule, host, user or source IP.", nameof(draft));
        }
        if (draft.Lifetime <= TimeSpan.Zero || draft.Lifetime > MaxLifetime)
        {
            throw new ArgumentException($"A suppression expires within {MaxLifetime.TotalDays:0} days.", nameof(draft));
        }
        var now = time.GetUtcNow();
        var rule = new SuppressionRule
        {
            Reason = draft.Reason.Trim(),
            RuleName = draft.RuleName,
            HostName = draft.HostName,
            UserName = draft.UserName,
            SourceIp = draft.SourceIp,
            AutoClose = draft.AutoClose,
            CloseReason = draft.AutoClose ? draft.CloseReason ?? CloseReason.Benign : null,
            CreatedBy = actor.Id,
            CreatedAt = now,
            ExpiresAt = now + draft.Lifetime,
        };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.SuppressionRules.Add(rule);
            await db.SaveChangesAsync(cancellationToken);
        }
        _active = null;
        await audit.AppendAsync(actor, "suppression.create", "suppression:" + rule.Id,
            $"expires {rule.ExpiresAt:u}; {(rule.AutoClose ? "auto-close" : "hide")}", AuditOutcome.Success, cancellationToken);
        return rule;
    }

    public async Task RevokeAsync(Actor actor, int id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsTriage, "suppression.revoke", "suppression:" + id, cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var rule = await db.SuppressionRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
                ?? throw new KeyNotFoundException("The suppression does not exist.");
            rule.RevokedAt ??= time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        _active = null;
        await audit.AppendAsync(actor, "suppression.revoke", "suppression:" + id, null, AuditOutcome.Success, cancellationToken);
    }

    public async Task<IReadOnlyList<SuppressionRule>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "suppression.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SuppressionRules.AsNoTracking().OrderByDescending(r => r.Id).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>Counts what each rule matched and records the auto-closes in the alerts' history; the writer saves them with the batch.</summary>
    public static async Task RecordAsync(SecOpsDbContext db, IReadOnlyList<Alert> created, IReadOnlyDictionary<int, int> matched, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (ruleId, count) in matched)
        {
            await db.SuppressionRules.Where(r => r.Id == ruleId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Matched, r => r.Matched + count), cancellationToken);
        }
        foreach (var alert in created.Where(a => a.SuppressedBy is not null && a.Status == AlertStatus.Closed))
        {
            db.AlertTransitions.Add(new AlertTransition
            {
                AlertId = alert.Id,
                At = now,
                ActorId = "suppression:" + alert.SuppressedBy,
                ActorName = "Suppression rule " + alert.SuppressedBy,
                FromStatus = AlertStatus.Open,
                ToStatus = AlertStatus.Closed,
                CloseReason = alert.CloseReason,
                Comment = "Closed automatically as a known-benign pattern",
            });
        }
    }

    /// <summary>
    /// Marks a new alert as suppressed (or closes it, for an auto-close rule) when an active rule matches,
    /// inside the ingest transaction. Returns the rule that matched.
    /// </summary>
    public async Task<SuppressionRule?> ApplyAsync(SecOpsDbContext db, Alert alert, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var active = _active ??= await db.SuppressionRules.AsNoTracking().Where(r => r.RevokedAt == null).ToListAsync(cancellationToken);
        var rule = active.FirstOrDefault(r => r.IsActive(now) && r.Matches(alert));
        if (rule is null)
        {
            return null;
        }
        alert.SuppressedBy = rule.Id;
        if (rule.AutoClose)
        {
            alert.Status = AlertStatus.Closed;
            alert.CloseReason = rule.CloseReason;
            alert.ClosedAt = now;
        }
        return rule;
    }
}
