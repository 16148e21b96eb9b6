using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Suppression;

/// <summary>
/// Suppression rules: created, listed and revoked by triage roles, every change audited; ingest asks
/// <see cref="ApplyAsync"/> about each new alert. Rule changes go through the <see cref="StoreWriter"/>, like the ingest
/// they affect: each one computes the new list of unrevoked rules inside the write lock and the writer swaps it in after
/// the commit, so an alert ingested after a create or revoke has committed is always judged by the new list.
/// </summary>
public sealed class Suppressions(StoreWriter writer, IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, TimeProvider time)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);
    private readonly StoreSnapshot<IReadOnlyList<SuppressionRule>> _active = new();

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
            Reason = DisplayText.CleanUserText(draft.Reason.Trim())!,
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
        await writer.WriteAsync(async (db, changes, ct) =>
        {
            db.SuppressionRules.Add(rule);
            await db.SaveChangesAsync(ct);
            changes.Replace(_active, await LoadActiveAsync(db, ct));
            return rule.Id;
        }, cancellationToken);
        await audit.AppendAsync(actor, "suppression.create", "suppression:" + rule.Id,
            $"expires {rule.ExpiresAt:u}; {(rule.AutoClose ? "auto-close" : "hide")}", AuditOutcome.Success, cancellationToken);
        return rule;
    }

    public async Task RevokeAsync(Actor actor, int id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsTriage, "suppression.revoke", "suppression:" + id, cancellationToken);
        var found = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var rule = await db.SuppressionRules.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (rule is null)
            {
                return false;
            }
            if (rule.RevokedAt is null)
            {
                rule.RevokedAt = time.GetUtcNow();
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                changes.Replace(_active, await LoadActiveAsync(db, ct));
            }
            return true;
        }, cancellationToken);
        if (!found)
        {
            throw new KeyNotFoundException("The suppression does not exist.");
        }
        await audit.AppendAsync(actor, "suppression.revoke", "suppression:" + id, null, AuditOutcome.Success, cancellationToken);
    }

    public async Task<IReadOnlyList<SuppressionRule>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "suppression.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SuppressionRules.AsNoTracking().OrderByDescending(r => r.Id).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Who created the rules, by creator id: the account's display name (or user name) as it is now, "API key" for a key,
    /// and "a deleted account" when the person is gone. Names are people's own text: control and bidi characters are cleaned.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> CreatorNamesAsync(Actor actor, IEnumerable<string> creatorIds, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "suppression.list", null, cancellationToken);
        var ids = creatorIds.Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.UserName, u.Email }).ToDictionaryAsync(u => u.Id, cancellationToken);
        return ids.ToDictionary(id => id, id =>
            id.StartsWith(Actor.ApiKeyIdPrefix, StringComparison.Ordinal) ? "API key"
            : people.TryGetValue(id, out var person)
                ? Ingest.DisplayText.Clean(new[] { person.DisplayName, person.UserName, person.Email }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? id, Ingest.DisplayText.ShortField)!
            : id == Actor.System.Id ? Actor.System.Name
            : "a deleted account");
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
    /// inside the ingest's unit of work (so under the write lock, after every committed rule change). Returns the rule that matched.
    /// </summary>
    public async Task<SuppressionRule?> ApplyAsync(SecOpsDbContext db, Alert alert, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // The snapshot is loaded once; ingest asks for every new alert, so the loaded case takes no closure.
        var active = _active.Current ?? await _active.GetAsync(ct => LoadActiveAsync(db, ct), cancellationToken);
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

    /// <summary>The unrevoked rules as the unit of work's transaction sees them (expiry is judged when matching).</summary>
    private static async Task<IReadOnlyList<SuppressionRule>> LoadActiveAsync(SecOpsDbContext db, CancellationToken cancellationToken) =>
        await db.SuppressionRules.AsNoTracking().Where(r => r.RevokedAt == null).OrderBy(r => r.Id).ToArrayAsync(cancellationToken);
}
