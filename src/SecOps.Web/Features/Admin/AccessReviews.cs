using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Admin;

/// <summary>
/// Access review campaigns (PRODUCT.md: "Access review campaigns recorded as evidence"). Starting one takes a snapshot of
/// every account and active API key with the access it has; an administrator keeps or revokes each (revoking disables
/// the account or revokes the key through the same operations as the users and API keys pages, with their rules); the
/// campaign is completed once nothing is undecided. Nobody decides on their own account. One campaign is open at a time.
/// </summary>
public sealed class AccessReviews(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, AdminUsers users, ApiKeys keys, TimeProvider time)
{
    public const int NameLength = 200;
    public const int NoteLength = 500;

    public sealed record Summary(long Id, string Name, DateTimeOffset StartedAt, string StartedBy, DateTimeOffset? CompletedAt, string? CompletedBy,
        int Items, int Decided, int Revoked)
    {
        public bool Open => CompletedAt is null;
    }

    /// <summary>One subject of a campaign as the page shows it; <see cref="Own"/> marks the viewer's own account.</summary>
    public sealed record Row(long Id, AccessReviewSubject Subject, string Label, string Access, AccessDecision Decision,
        DateTimeOffset? DecidedAt, string? DecidedBy, string? Note, bool Own);

    public async Task<IReadOnlyList<Summary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.UsersManage, "access-review.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SummariesAsync(db, db.AccessReviews, cancellationToken);
    }

    /// <summary>Completed campaigns, newest first, for the compliance evidence (whoever may read it; checked there).</summary>
    internal static async Task<IReadOnlyList<Summary>> CompletedAsync(SecOpsDbContext db, int take, CancellationToken cancellationToken) =>
        await SummariesAsync(db, db.AccessReviews.Where(r => r.CompletedAt != null), cancellationToken, take);

    private static async Task<IReadOnlyList<Summary>> SummariesAsync(SecOpsDbContext db, IQueryable<AccessReview> reviews, CancellationToken cancellationToken, int take = 100)
    {
        var rows = await reviews.OrderByDescending(r => r.Id).Take(take)
            .Select(r => new
            {
                Review = r,
                Items = db.AccessReviewItems.Count(i => i.ReviewId == r.Id),
                Decided = db.AccessReviewItems.Count(i => i.ReviewId == r.Id && i.Decision != AccessDecision.Pending),
                Revoked = db.AccessReviewItems.Count(i => i.ReviewId == r.Id && i.Decision == AccessDecision.Revoke),
            }).AsNoTracking().ToListAsync(cancellationToken);
        var names = await NamesAsync(db, rows.SelectMany(r => new[] { r.Review.StartedBy, r.Review.CompletedBy }), cancellationToken);
        return [.. rows.Select(r => new Summary(r.Review.Id, r.Review.Name, r.Review.StartedAt, NameOf(names, r.Review.StartedBy), r.Review.CompletedAt,
            r.Review.CompletedBy is null ? null : NameOf(names, r.Review.CompletedBy), r.Items, r.Decided, r.Revoked))];
    }

    /// <summary>Starts a campaign over every account and every active API key, unless one is still open; gives its id.</summary>
    public async Task<(long? ReviewId, string? Error)> StartAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.UsersManage, "access-review.start", null, cancellationToken);
        var title = name.Trim();
        if (title.Length is 0 or > NameLength)
        {
            return (null, $"Give the review a name of 1 to {NameLength} characters.");
        }
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.AccessReviews.AnyAsync(r => r.CompletedAt == null, cancellationToken))
        {
            return (null, "An access review is still open: complete it before starting another.");
        }
        var accounts = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedEmail)
            .Select(u => new { u.Id, u.TwoFactorEnabled, u.LockoutEnd }).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var apiKeys = await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null && k.ExpiresAt > now).OrderBy(k => k.Id).ToListAsync(cancellationToken);
        var review = new AccessReview { Name = title, StartedAt = now, StartedBy = actor.Id };
        db.AccessReviews.Add(review);
        await db.SaveChangesAsync(cancellationToken);
        // Disabled accounts are reviewed too: they still hold their role and could be enabled again.
        db.AccessReviewItems.AddRange(accounts.Select(u => new AccessReviewItem
        {
            ReviewId = review.Id,
            Subject = AccessReviewSubject.Account,
            SubjectId = u.Id,
            Access = $"role {RoleText(roles.Where(r => r.UserId == u.Id).Select(r => r.Name))}, MFA {(u.TwoFactorEnabled ? "on" : "off")}{(AccountChanges.IsDisabled(u.LockoutEnd) ? ", disabled" : "")}",
        }));
        db.AccessReviewItems.AddRange(apiKeys.Select(k => new AccessReviewItem
        {
            ReviewId = review.Id,
            Subject = AccessReviewSubject.ApiKey,
            SubjectId = k.Id.ToString(CultureInfo.InvariantCulture),
            Access = $"scopes {k.Scopes}, {(int)(now - k.CreatedAt).TotalDays} days old, expires {k.ExpiresAt:yyyy-MM-dd}",
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.AppendAsync(actor, "access-review.start", "access-review:" + review.Id, $"{accounts.Count} accounts, {apiKeys.Count} API keys", AuditOutcome.Success, cancellationToken);
        return (review.Id, null);
    }

    public async Task<IReadOnlyList<Row>> ItemsAsync(Actor actor, long reviewId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.UsersManage, "access-review.read", "access-review:" + reviewId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var items = await db.AccessReviewItems.AsNoTracking().Where(i => i.ReviewId == reviewId)
            .OrderBy(i => i.Subject).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        var accountIds = items.Where(i => i.Subject == AccessReviewSubject.Account).Select(i => i.SubjectId).ToList();
        var emails = await db.Users.AsNoTracking().Where(u => accountIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
        var keyIds = items.Where(i => i.Subject == AccessReviewSubject.ApiKey).Select(i => int.Parse(i.SubjectId, CultureInfo.InvariantCulture)).ToList();
        var keyNames = await db.ApiKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id, k => k.Name, cancellationToken);
        var deciders = await NamesAsync(db, items.Select(i => i.DecidedBy), cancellationToken);
        return [.. items.Select(i => new Row(i.Id, i.Subject,
            i.Subject == AccessReviewSubject.Account
                ? emails.GetValueOrDefault(i.SubjectId, "(account no longer exists)")
                : $"{keyNames.GetValueOrDefault(int.Parse(i.SubjectId, CultureInfo.InvariantCulture), "(key no longer exists)")} (key #{i.SubjectId})",
            i.Access, i.Decision, i.DecidedAt, i.DecidedBy is null ? null : NameOf(deciders, i.DecidedBy), i.Note,
            i.Subject == AccessReviewSubject.Account && i.SubjectId == actor.PersonId))];
    }

    /// <summary>
    /// Keeps or revokes one subject of an open campaign. Revoking disables the account or revokes the key first; only when
    /// that is done is the decision recorded, so a refused revocation (the last administrator) leaves the item undecided.
    /// </summary>
    public async Task<string?> DecideAsync(Actor actor, long reviewId, long itemId, AccessDecision decision, string? note, CancellationToken cancellationToken)
    {
        var target = $"access-review:{reviewId}/{itemId}";
        await access.RequireAsync(actor, Permission.UsersManage, "access-review.decide", target, cancellationToken);
        if (decision == AccessDecision.Pending)
        {
            return "Choose keep or revoke.";
        }
        var reason = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (reason?.Length > NoteLength)
        {
            return $"The note is longer than {NoteLength} characters.";
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await db.AccessReviewItems.FirstOrDefaultAsync(i => i.Id == itemId && i.ReviewId == reviewId, cancellationToken);
        var open = await db.AccessReviews.AnyAsync(r => r.Id == reviewId && r.CompletedAt == null, cancellationToken);
        if (item is null || !open)
        {
            return item is null ? "No such item in this review." : "This review is completed; start a new one.";
        }
        if (item.Decision != AccessDecision.Pending)
        {
            return "This item is already decided.";
        }
        if (item.Subject == AccessReviewSubject.Account && item.SubjectId == actor.PersonId)
        {
            await audit.AppendAsync(actor, "access-review.decide", target, "refused: own account", AuditOutcome.Refused, cancellationToken);
            return "Someone else must review your own access.";
        }
        if (decision == AccessDecision.Revoke)
        {
            var error = await RevokeAsync(actor, item, cancellationToken);
            if (error is not null)
            {
                return error;
            }
        }
        item.Decision = decision;
        item.DecidedAt = time.GetUtcNow();
        item.DecidedBy = actor.Id;
        item.Note = reason;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(actor, "access-review.decide", target, $"{decision.ToString().ToLowerInvariant()} {item.Subject.ToString().ToLowerInvariant()} {item.SubjectId}",
            AuditOutcome.Success, cancellationToken);
        return null;
    }

    private async Task<string?> RevokeAsync(Actor actor, AccessReviewItem item, CancellationToken cancellationToken)
    {
        if (item.Subject == AccessReviewSubject.ApiKey)
        {
            // A key revoked or expired since the campaign started needs no revoking: it is revoked either way.
            await keys.RevokeAsync(actor, int.Parse(item.SubjectId, CultureInfo.InvariantCulture), cancellationToken);
            return null;
        }
        // Failed: the account no longer exists, so nothing is left to revoke; refused (the last administrator, oneself) stops here.
        var result = await users.SetDisabledAsync(actor, item.SubjectId, disabled: true, cancellationToken);
        return result.Done || result.Outcome == AdminOutcome.Failed ? null : result.Message;
    }

    /// <summary>Completes an open campaign once every item is decided.</summary>
    public async Task<string?> CompleteAsync(Actor actor, long reviewId, CancellationToken cancellationToken)
    {
        var target = "access-review:" + reviewId;
        await access.RequireAsync(actor, Permission.UsersManage, "access-review.complete", target, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var review = await db.AccessReviews.FirstOrDefaultAsync(r => r.Id == reviewId, cancellationToken);
        if (review is null || review.CompletedAt is not null)
        {
            return review is null ? "No such review." : "This review is already completed.";
        }
        var undecided = await db.AccessReviewItems.CountAsync(i => i.ReviewId == reviewId && i.Decision == AccessDecision.Pending, cancellationToken);
        if (undecided > 0)
        {
            return $"{undecided} {(undecided == 1 ? "item is" : "items are")} still undecided.";
        }
        review.CompletedAt = time.GetUtcNow();
        review.CompletedBy = actor.Id;
        await db.SaveChangesAsync(cancellationToken);
        var revoked = await db.AccessReviewItems.CountAsync(i => i.ReviewId == reviewId && i.Decision == AccessDecision.Revoke, cancellationToken);
        var total = await db.AccessReviewItems.CountAsync(i => i.ReviewId == reviewId, cancellationToken);
        await audit.AppendAsync(actor, "access-review.complete", target, $"{total} reviewed, {revoked} revoked", AuditOutcome.Success, cancellationToken);
        return null;
    }

    private static string RoleText(IEnumerable<string?> roles) =>
        roles.OfType<string>().Order(StringComparer.Ordinal).ToList() is { Count: > 0 } named ? string.Join(", ", named) : "none";

    private static async Task<Dictionary<string, string>> NamesAsync(SecOpsDbContext db, IEnumerable<string?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<string>().Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
    }

    private static string NameOf(Dictionary<string, string> names, string id) => names.GetValueOrDefault(id, id);
}
