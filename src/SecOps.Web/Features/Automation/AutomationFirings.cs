using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;

namespace SecOps.Web.Features.Automation;

/// <summary>
/// The store's record of firings (<see cref="RuleFiring"/>): the claim that lets exactly one instance act on an alert or
/// incident for a rule, the outcome once it has acted, and the latest firings of every instance for the admin page.
/// </summary>
public sealed class AutomationFirings(IDbContextFactory<SecOpsDbContext> contexts, TimeProvider time)
{
    public const int OutcomeLength = 2000;

    /// <summary>
    /// Claims the firing of <paramref name="rule"/> on <paramref name="subject"/> for the one caller, of any instance,
    /// whose insert goes in (<see cref="FiringClaim.Claimed"/>, or <see cref="FiringClaim.OverLimit"/> when the rule has
    /// fired <see cref="AutomationRule.MaxFirings"/> times in the last <see cref="AutomationRule.Per"/>: the claim is kept,
    /// marked, so no instance acts on the pair; <see cref="FiringClaim.OverLimitFirst"/> for the first of a run of such
    /// claims, across instances); <see cref="FiringClaim.ClaimedBefore"/> when the pair was claimed already.
    /// The count is of every instance's firings, in the same statement as the insert: on SQLite a statement that writes
    /// holds the store's one write lock; on PostgreSQL the claim takes a lock shared by every instance first, so two
    /// instances cannot both count the last free slot. No exception on the conflict (<c>ON CONFLICT DO NOTHING</c> on
    /// both providers), so a lost race leaves no error in the log.
    /// </summary>
    public async Task<FiringClaim> ClaimAsync(AutomationRule rule, string subject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (name, at, windowStart, max) = (rule.Name, now.UtcTicks, (now - rule.Per).UtcTicks, rule.MaxFirings);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.TakeAcrossInstancesAsync(StoreLocks.AutomationFirings, cancellationToken);
        // "WHERE TRUE": SQLite reads an ON after INSERT ... SELECT as a join's unless the SELECT has a WHERE.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AutomationFirings" ("Rule", "Subject", "ClaimedAt", "OverLimit")
            SELECT {name}, {subject}, {at},
                (SELECT COUNT(*) FROM "AutomationFirings" WHERE "Rule" = {name} AND "ClaimedAt" > {windowStart} AND NOT "OverLimit") >= {max}
            WHERE TRUE
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 0)
        {
            return FiringClaim.ClaimedBefore;
        }
        var claim = await db.AutomationFirings.Where(f => f.Rule == name && f.Subject == subject).Select(f => new { f.Id, f.OverLimit }).SingleAsync(cancellationToken);
        // Claims are numbered in the order they are made (under the same lock), so the rule's claim just before this
        // one, whichever instance made it, says whether a run of refusals starts here.
        var startsRun = claim.OverLimit && await db.AutomationFirings.Where(f => f.Rule == name && f.Id < claim.Id)
            .OrderByDescending(f => f.Id).Select(f => (bool?)f.OverLimit).FirstOrDefaultAsync(cancellationToken) != true;
        await transaction.CommitAsync(cancellationToken);
        return !claim.OverLimit ? FiringClaim.Claimed : startsRun ? FiringClaim.OverLimitFirst : FiringClaim.OverLimit;
    }

    public async Task CompleteAsync(string rule, string subject, string outcome, bool succeeded, CancellationToken cancellationToken)
    {
        var text = outcome.Length > OutcomeLength ? outcome[..OutcomeLength] : outcome;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.AutomationFirings.Where(f => f.Rule == rule && f.Subject == subject)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Outcome, text).SetProperty(f => f.Succeeded, succeeded), cancellationToken);
    }

    /// <summary>The newest firings first, of every instance sharing the store (those still under way included).</summary>
    public async Task<IReadOnlyList<AutomationFiring>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AutomationFirings.AsNoTracking().OrderByDescending(f => f.Id).Take(count).ToListAsync(cancellationToken);
        return [.. rows.Select(f => new AutomationFiring(f.ClaimedAt, f.Rule, f.Subject, f.Outcome ?? "under way", f.Succeeded))];
    }
}
