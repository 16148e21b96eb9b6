using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Reviews;

/// <summary>
/// Keeps a review's follow-ups and their tasks in step, inside the store write that saves the review. Follow-ups are
/// matched by their place in the list, so a follow-up edited in place keeps its task (its id, its history, who closed
/// it); one removed from the review takes its task with it. The task is the follow-up for the task list, the read API
/// and the hub's <c>tasks</c> event: post-incident phase, assigned to the owner, due at the follow-up's date (or
/// <see cref="DefaultDue"/> after it was first written), closed and reopened through <see cref="PlaybookRunner"/>.
/// </summary>
public static class FollowUpTasks
{
    /// <summary>When a follow-up without a date is due: a month, the usual horizon of post-incident actions.</summary>
    public static readonly TimeSpan DefaultDue = TimeSpan.FromDays(30);

    public const string OwnerRole = "owner";

    public static async Task SyncAsync(SecOpsDbContext db, ChangeSet changes, Actor actor, long incidentId, IReadOnlyList<ReviewFollowUp> wanted, CancellationToken cancellationToken)
    {
        var existing = await db.ReviewFollowUps.Where(f => f.IncidentId == incidentId).OrderBy(f => f.Position).ToListAsync(cancellationToken);
        var ids = existing.Select(f => f.Id).ToList();
        var tasks = await db.IncidentTasks.Where(t => t.FollowUpId != null && ids.Contains(t.FollowUpId.Value)).ToDictionaryAsync(t => t.FollowUpId!.Value, cancellationToken);
        foreach (var removed in existing.Skip(wanted.Count))
        {
            if (tasks.TryGetValue(removed.Id, out var gone))
            {
                db.IncidentTasks.Remove(gone);
                // Announced as a removal (the hub's { id, deleted: true } on the tasks event), to whoever may see the incident.
                Tombstones.RemoveTask(db, changes, gone.Id, incidentId);
            }
            db.ReviewFollowUps.Remove(removed);
        }
        List<(ReviewFollowUp FollowUp, IncidentTask? Task)> kept = [];
        for (var i = 0; i < wanted.Count; i++)
        {
            var want = wanted[i];
            var row = i < existing.Count ? existing[i] : db.ReviewFollowUps.Add(new ReviewFollowUp { IncidentId = incidentId, Action = "", OwnerId = "", OwnerName = "" }).Entity;
            (row.Position, row.Action, row.OwnerId, row.OwnerName, row.DueAt, row.Done) = (i, want.Action, want.OwnerId, want.OwnerName, want.DueAt, want.Done);
            kept.Add((row, row.Id != 0 && tasks.TryGetValue(row.Id, out var task) ? task : null));
        }
        // New follow-ups need their ids before their tasks can point at them.
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (followUp, known) in kept)
        {
            var task = known ?? db.IncidentTasks.Add(new IncidentTask
            {
                IncidentId = incidentId,
                FollowUpId = followUp.Id,
                StepKey = $"follow-up-{followUp.Id}",
                Phase = IncidentPhase.PostIncident,
                Title = "",
                OwnerRole = OwnerRole,
                DueAt = changes.Now + DefaultDue,
            }).Entity;
            if (Apply(task, followUp, actor, changes.Now) || known is null)
            {
                task.Version += known is null ? 0 : 1;
                await db.SaveChangesAsync(cancellationToken);
                changes.AddTask(task.Id);
            }
        }
    }

    /// <summary>
    /// After a follow-up's task was worked through the task list: the review's follow-up says the same (done, owner), and
    /// the review's version moves, so a review form opened before refuses to save the old state over it.
    /// </summary>
    public static async Task TaskChangedAsync(SecOpsDbContext db, IncidentTask task, CancellationToken cancellationToken)
    {
        if (task.FollowUpId is not { } id || await db.ReviewFollowUps.FirstOrDefaultAsync(f => f.Id == id, cancellationToken) is not { } followUp)
        {
            return;
        }
        followUp.Done = task.State == TaskState.Done;
        if (task.AssigneeId is { } owner)
        {
            (followUp.OwnerId, followUp.OwnerName) = (owner, task.AssigneeName ?? owner);
        }
        if (await db.PostIncidentReviews.FirstOrDefaultAsync(r => r.IncidentId == task.IncidentId, cancellationToken) is { } review)
        {
            review.Version++;
        }
    }

    /// <summary>Copies the follow-up onto its task; whether anything changed.</summary>
    private static bool Apply(IncidentTask task, ReviewFollowUp followUp, Actor actor, DateTimeOffset now)
    {
        var due = followUp.DueAt ?? task.DueAt;
        var state = followUp.Done ? TaskState.Done : TaskState.Open;
        var title = followUp.Action.Length <= PlaybookReader.TitleLength ? followUp.Action : followUp.Action[..(PlaybookReader.TitleLength - 1)] + "…";
        var changed = task.Title != title || task.Position != followUp.Position || task.AssigneeId != followUp.OwnerId || task.DueAt != due || task.State != state;
        if (task.DueAt != due)
        {
            task.RemindedAt = null;
        }
        (task.Title, task.Description, task.Position, task.AssigneeId, task.AssigneeName, task.DueAt) =
            (title, followUp.Action, followUp.Position, followUp.OwnerId, followUp.OwnerName, due);
        if (task.State != state)
        {
            task.State = state;
            (task.ClosedAt, task.ClosedById, task.ClosedByName) = followUp.Done ? (now, actor.Id, actor.Name) : ((DateTimeOffset?)null, (string?)null, (string?)null);
            task.RemindedAt = null;
        }
        return changed;
    }
}
