using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Reviews;

/// <summary>A follow-up as a reviewer writes it: what, whose (an account id), by when, done or not.</summary>
public sealed record FollowUpEdit(string? Action, string? OwnerId, DateTimeOffset? DueAt, bool Done = false);

/// <summary>A whole review as saved, made on the review version the reviewer read (0 when there was none).</summary>
public sealed record ReviewEdit(int Version, string? RootCause, string? WentWell, string? WentBadly, IReadOnlyList<FollowUpEdit> FollowUps);

public sealed record FollowUpView(string Action, string OwnerId, string OwnerName, DateTimeOffset? DueAt, bool Done);

public sealed record ReviewView(
    string RootCause, string WentWell, string WentBadly, IReadOnlyList<FollowUpView> FollowUps, int Version, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public bool Complete => PostIncidentReviews.IsComplete(RootCause, WentWell, WentBadly);
}

/// <summary>Someone follow-ups can be given to.</summary>
public sealed record ReviewOwner(string Id, string Name);

/// <summary>
/// Post-incident reviews. Responders (<see cref="Permission.IncidentsWrite"/>) write them, anyone who may read the
/// incident reads them; need-to-know through <see cref="IncidentAccess"/>. A save replaces the whole review on the
/// version it was read at (a stale one is refused, nothing overwritten), goes through the <see cref="StoreWriter"/>
/// (numbered in the change feed, so open pages update), is on the timeline and is audited without its text. Each follow-up
/// is also a task on the incident (<see cref="FollowUpTasks"/>). Open follow-ups do not block closing: as in TheHive and
/// DFIR-IRIS, they outlive the incident and stay open, overdue-flagged and reminded, until done.
/// </summary>
public sealed class PostIncidentReviews(IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer, AccessGuard access, AuditTrail audit)
{
    public const int TextLength = 4000;
    public const int ActionLength = 500;
    public const int MaxFollowUps = 30;

    public const string RequiredToClose =
        "A high or critical incident is closed only after its post-incident review: write the root cause, what went well and what did not first.";

    /// <summary>Whether a review is enough to close a high or critical incident: the root cause and both lessons written.</summary>
    public static bool IsComplete(string rootCause, string wentWell, string wentBadly) =>
        !string.IsNullOrWhiteSpace(rootCause) && !string.IsNullOrWhiteSpace(wentWell) && !string.IsNullOrWhiteSpace(wentBadly);

    /// <summary>Whether closing an incident of <paramref name="severity"/> needs a complete review.</summary>
    public static bool RequiredFor(Severity severity) => severity >= Severity.High;

    /// <summary>Whether the incident has a complete review, inside a store write (the close check in <see cref="IncidentEditing"/>).</summary>
    public static Task<bool> CompleteAsync(SecOpsDbContext db, long incidentId, CancellationToken cancellationToken) =>
        db.PostIncidentReviews.AnyAsync(r => r.IncidentId == incidentId && r.RootCause.Trim() != "" && r.WentWell.Trim() != "" && r.WentBadly.Trim() != "", cancellationToken);

    /// <summary>The review, or null when none is written yet or the actor may not see the incident.</summary>
    public async Task<ReviewView?> GetAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.review.read", IncidentEscalation.Target(incidentId), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == incidentId, cancellationToken))
        {
            return null;
        }
        var review = await db.PostIncidentReviews.AsNoTracking().FirstOrDefaultAsync(r => r.IncidentId == incidentId, cancellationToken);
        if (review is null)
        {
            return null;
        }
        var followUps = await db.ReviewFollowUps.AsNoTracking().Where(f => f.IncidentId == incidentId).OrderBy(f => f.Position).ToListAsync(cancellationToken);
        return View(review, followUps);
    }

    /// <summary>Every account, by name: a follow-up may be anyone's (a manager updating a policy, an engineer patching).</summary>
    public async Task<IReadOnlyList<ReviewOwner>> OwnersAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.UserName, u.Email }).ToListAsync(cancellationToken);
        return [.. users.Select(u => new ReviewOwner(u.Id, DisplayText.CleanUserText(u.UserName ?? u.Email ?? u.Id, DisplayText.ShortField)!))
            .OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<EditOutcome> SaveAsync(Actor actor, long incidentId, ReviewEdit edit, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.review", target, cancellationToken);
        var (texts, error) = Clean(edit);
        if (error is not null)
        {
            return new EditOutcome(false, error);
        }
        string? details = null;
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            if (!await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == incidentId, ct))
            {
                return new EditOutcome(false, "The incident does not exist.");
            }
            var review = await db.PostIncidentReviews.FirstOrDefaultAsync(r => r.IncidentId == incidentId, ct);
            if ((review?.Version ?? 0) != edit.Version)
            {
                return new EditOutcome(false, "Someone saved this review since you opened it; nothing was saved. Their version is shown; your text is still in the form.");
            }
            var ownerIds = edit.FollowUps.Select(f => f.OwnerId!).Distinct().ToList();
            var owners = await db.Users.Where(u => ownerIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName, u.Email }).ToDictionaryAsync(u => u.Id, ct);
            if (ownerIds.FirstOrDefault(id => !owners.ContainsKey(id)) is not null)
            {
                return new EditOutcome(false, "A follow-up's owner is not an account here: choose someone from the list.");
            }
            if (review is null)
            {
                review = new PostIncidentReview { IncidentId = incidentId, UpdatedById = actor.Id, UpdatedByName = actor.Name };
                db.PostIncidentReviews.Add(review);
            }
            (review.RootCause, review.WentWell, review.WentBadly) = texts;
            (review.UpdatedAt, review.UpdatedById, review.UpdatedByName) = (changes.Now, actor.Id, actor.Name);
            review.Version++;
            var cleaned = edit.FollowUps.Select((f, i) => new ReviewFollowUp
            {
                IncidentId = incidentId,
                Position = i,
                Action = DisplayText.CleanUserText(f.Action!.Trim(), ActionLength)!,
                OwnerId = f.OwnerId!,
                OwnerName = DisplayText.CleanUserText(owners[f.OwnerId!].UserName ?? owners[f.OwnerId!].Email ?? f.OwnerId, DisplayText.ShortField)!,
                DueAt = f.DueAt?.ToUniversalTime(),
                Done = f.Done,
            }).ToList();
            await FollowUpTasks.SyncAsync(db, changes, actor, incidentId, cleaned, ct);
            var complete = IsComplete(review.RootCause, review.WentWell, review.WentBadly);
            var followUps = edit.FollowUps.Count == 1 ? "1 follow-up" : $"{edit.FollowUps.Count} follow-ups";
            db.IncidentEvents.Add(IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.ReviewSaved, actor,
                $"Post-incident review {(complete ? "saved" : "draft saved")} ({followUps}, {edit.FollowUps.Count(f => f.Done)} done)"));
            changes.AddIncident(incidentId);
            details = $"version {review.Version}; {(complete ? "complete" : "draft")}; {followUps}";
            return new EditOutcome(true, null);
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, "incident.review", target, details, AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    private static ((string, string, string) Texts, string? Error) Clean(ReviewEdit edit)
    {
        string Text(string? value) => DisplayText.CleanUserText(value?.Trim(), null, multiline: true) ?? "";
        var texts = (Text(edit.RootCause), Text(edit.WentWell), Text(edit.WentBadly));
        if (texts.Item1.Length > TextLength || texts.Item2.Length > TextLength || texts.Item3.Length > TextLength)
        {
            return (texts, $"Each part of the review is at most {TextLength} characters.");
        }
        if (edit.FollowUps.Count > MaxFollowUps)
        {
            return (texts, $"At most {MaxFollowUps} follow-ups.");
        }
        foreach (var (followUp, i) in edit.FollowUps.Select((f, i) => (f, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(followUp.Action))
            {
                return (texts, $"Follow-up {i}: say what is to be done.");
            }
            if (followUp.Action.Trim().Length > ActionLength)
            {
                return (texts, $"Follow-up {i}: at most {ActionLength} characters.");
            }
            if (string.IsNullOrWhiteSpace(followUp.OwnerId))
            {
                return (texts, $"Follow-up {i}: choose its owner.");
            }
        }
        return (texts, null);
    }

    private static ReviewView View(PostIncidentReview review, IEnumerable<ReviewFollowUp> followUps) => new(
        review.RootCause, review.WentWell, review.WentBadly,
        [.. followUps.Select(f => new FollowUpView(f.Action, f.OwnerId, f.OwnerName, f.DueAt, f.Done))],
        review.Version, review.UpdatedAt, review.UpdatedByName);
}
