using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// A fixed one-minute window of sign-in and second-step attempts per account name, counted in the store so every
/// instance shares it (<see cref="AccountOptions.SignInAttemptsPerAccountPerMinute"/>). It adds to the per-address limit
/// (<see cref="SignInRateLimit"/>), which many addresses get round, and to Identity's lockout, which counts only failures
/// and still lets a locked account's attempts cost a password hash and an audit record each. Names are counted whether or
/// not an account has them, so the refusal tells nobody which accounts exist.
/// </summary>
public sealed class AccountAttemptLimit(
    IDbContextFactory<SecOpsDbContext> contexts, ApiKeyHasher hasher, AuditTrail audit,
    IOptions<AccountOptions> options, TimeProvider time)
{
    public const string RefusalMessage = "Too many sign-in attempts for this account. Wait a minute and try again.";

    private long _cleanedWindow;

    /// <summary>
    /// Counts one attempt on <paramref name="accountName"/> (an email) and says whether it may go ahead. The first refusal
    /// of a window (exactly one, whichever instance makes it) is audited; <paramref name="userId"/> names the account in
    /// the trail when it exists.
    /// </summary>
    public async Task<bool> TryAttemptAsync(string accountName, string? userId, string step, CancellationToken cancellationToken)
    {
        // Normalised as Identity's lookup normaliser does, so "Ann@x" and "ann@x " share a count.
        var account = hasher.Hash("sign-in:" + accountName.Trim().Normalize().ToUpperInvariant());
        var window = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var limit = options.Value.SignInAttemptsPerAccountPerMinute;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RemoveOldWindowsAsync(db, window, cancellationToken);
        // One statement, so concurrent attempts on any instance each get their own count.
        var attempts = (await db.Database.SqlQuery<int>($"""
            INSERT INTO "SignInAttemptWindows" ("Account", "WindowStart", "Attempts") VALUES ({account}, {window}, 1)
            ON CONFLICT ("Account") DO UPDATE SET
                "Attempts" = CASE WHEN "SignInAttemptWindows"."WindowStart" = excluded."WindowStart" THEN "SignInAttemptWindows"."Attempts" + 1 ELSE 1 END,
                "WindowStart" = excluded."WindowStart"
            RETURNING "Attempts" AS "Value"
            """).ToListAsync(cancellationToken)).Single();
        if (attempts == limit + 1)
        {
            await audit.AppendAsync(userId is null ? Actor.Anonymous : new Actor(userId, userId, new HashSet<Permission>()), "account.rate-limited",
                userId is null ? null : "user:" + userId, $"more than {limit} {step} attempts on one account in a minute", AuditOutcome.Refused, cancellationToken);
        }
        return attempts <= limit;
    }

    /// <summary>Windows before the last one count for nothing: dropped once a minute per instance, so the table stays small.</summary>
    private async Task RemoveOldWindowsAsync(SecOpsDbContext db, long window, CancellationToken cancellationToken)
    {
        var cleaned = Interlocked.Read(ref _cleanedWindow);
        if (cleaned < window && Interlocked.CompareExchange(ref _cleanedWindow, window, cleaned) == cleaned)
        {
            await db.SignInAttemptWindows.Where(w => w.WindowStart < window - 1).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
