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
    /// Claims the firing of <paramref name="rule"/> on <paramref name="subject"/>: true for the one caller, of any
    /// instance, whose insert went in; false when the pair was claimed already. One statement, no exception on the
    /// conflict (both SQLite and PostgreSQL take <c>ON CONFLICT DO NOTHING</c>), so a lost race leaves no error in the log.
    /// </summary>
    public async Task<bool> ClaimAsync(string rule, string subject, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow().UtcTicks;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AutomationFirings" ("Rule", "Subject", "ClaimedAt") VALUES ({rule}, {subject}, {at}) ON CONFLICT DO NOTHING
            """, cancellationToken) == 1;
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
