using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.OnCall;

/// <summary>A page as <c>/on-call</c> shows it.</summary>
public sealed record DutyPageView(long Id, PageSubject Subject, long SubjectId, PageReason Reason, string Team, int Level, string Person,
    DateTimeOffset PagedAt, DateTimeOffset? SentAt, string? LastFailure, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy)
{
    public static DutyPageView From(DutyPage p) =>
        new(p.Id, p.Subject, p.SubjectId, p.Reason, p.Team, p.Level, p.Person, p.PagedAt, p.SentAt, p.LastFailure, p.AcknowledgedAt, p.AcknowledgedBy);
}

/// <summary>The pages to the signed-in person (open ones and those of the last day), and every open chain at its newest level.</summary>
public sealed record DutyPagesView(IReadOnlyList<DutyPageView> Mine, IReadOnlyList<DutyPageView> Open);

/// <summary>
/// Pages as people see and acknowledge them on <c>/on-call</c>. Whoever reads the rota sees the open pages; only the
/// person a page went to (by the user name or email the rota names them with) may acknowledge it, which acknowledges
/// the whole chain and stops its escalation.
/// </summary>
public sealed class DutyPages(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, PageAcknowledgeLinks links, TimeProvider time)
{
    public const int Shown = 100;

    public sealed record Outcome(bool Succeeded, string? Error);

    public async Task<DutyPagesView> ReadAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "oncall.pages", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await NamesAsync(db, actor, cancellationToken);
        var recent = time.GetUtcNow().AddDays(-1);
        var mine = names.Length == 0 ? [] : await db.OnCallPages.AsNoTracking()
            .Where(p => names.Contains(p.Person.ToUpper()) && (p.AcknowledgedAt == null || p.AcknowledgedAt >= recent))
            .OrderByDescending(p => p.PagedAt).ThenByDescending(p => p.Id).Take(Shown).ToListAsync(cancellationToken);
        var open = await db.OnCallPages.AsNoTracking().Where(p => p.AcknowledgedAt == null).OrderBy(p => p.Id).Take(Shown * 4).ToListAsync(cancellationToken);
        return new DutyPagesView(
            [.. mine.Select(DutyPageView.From)],
            [.. open.GroupBy(p => (p.Subject, p.SubjectId, p.Reason)).Select(c => c.MaxBy(p => p.Level)!).OrderBy(p => p.Team).ThenBy(p => p.PagedAt).Take(Shown).Select(DutyPageView.From)]);
    }

    /// <summary>Acknowledges the page's chain when the page went to <paramref name="actor"/>.</summary>
    public Task<Outcome> AcknowledgeAsync(Actor actor, long pageId, CancellationToken cancellationToken) =>
        AcknowledgeAsync(actor, pageId, "", cancellationToken);

    /// <summary>
    /// Acknowledges the page a mail's link names (<see cref="PageAcknowledgeLinks"/>) when the link is ours, has not
    /// expired, and the page went to <paramref name="actor"/>; a page acknowledges once, so a link works once. The token
    /// itself never reaches the audit trail.
    /// </summary>
    public async Task<Outcome> AcknowledgeWithLinkAsync(Actor actor, string? token, CancellationToken cancellationToken)
    {
        var link = links.Read(token);
        if (link is { PageId: { } pageId, Expired: false })
        {
            return await AcknowledgeAsync(actor, pageId, " with the mail's link", cancellationToken);
        }
        var target = link.PageId is { } expiredPage ? "oncall-page:" + expiredPage : "oncall-page";
        await access.RequireAsync(actor, Permission.IncidentsRead, OnCallPager.AcknowledgeAction, target, cancellationToken);
        await audit.AppendAsync(actor, OnCallPager.AcknowledgeAction, target, link.Expired ? "the mail's link has expired" : "the mail's link is not valid",
            AuditOutcome.Refused, cancellationToken);
        return new Outcome(false, link.Expired
            ? "This link has expired. Acknowledge the page under Your pages on the On call page."
            : "This link is not valid. Acknowledge the page under Your pages on the On call page.");
    }

    private async Task<Outcome> AcknowledgeAsync(Actor actor, long pageId, string how, CancellationToken cancellationToken)
    {
        var target = "oncall-page:" + pageId;
        await access.RequireAsync(actor, Permission.IncidentsRead, OnCallPager.AcknowledgeAction, target, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.OnCallPages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pageId, cancellationToken);
        if (page is null)
        {
            return new Outcome(false, "There is no such page.");
        }
        if (!(await NamesAsync(db, actor, cancellationToken)).Contains(page.Person.ToUpperInvariant()))
        {
            await audit.AppendAsync(actor, OnCallPager.AcknowledgeAction, target, "the page went to someone else" + how, AuditOutcome.Refused, cancellationToken);
            return new Outcome(false, "Only the person paged may acknowledge this page.");
        }
        var now = time.GetUtcNow();
        var updated = await db.OnCallPages
            .Where(p => p.Subject == page.Subject && p.SubjectId == page.SubjectId && p.Reason == page.Reason && p.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.AcknowledgedAt, now).SetProperty(p => p.AcknowledgedById, actor.Id)
                .SetProperty(p => p.AcknowledgedBy, actor.Name), cancellationToken);
        if (updated == 0)
        {
            return new Outcome(false, "This page was acknowledged already.");
        }
        await audit.AppendAsync(actor, OnCallPager.AcknowledgeAction, PageDelivery.Target(page.Subject, page.SubjectId),
            $"{PageDelivery.Why(page.Reason)}: acknowledged by the person paged at level {page.Level} ({page.Person}, team {page.Team}){how}; escalation stopped",
            AuditOutcome.Success, cancellationToken);
        return new Outcome(true, null);
    }

    /// <summary>The names the rota may use for the actor (user name and email), upper-cased; none for keys and SecOps itself.</summary>
    private static async Task<string[]> NamesAsync(SecOpsDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.Id.StartsWith(Actor.ApiKeyIdPrefix, StringComparison.Ordinal) || actor.PersonId is not { } id)
        {
            return [];
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.UserName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        return user is null ? [] : [.. new[] { user.UserName, user.Email }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.ToUpperInvariant()).Distinct()];
    }
}
