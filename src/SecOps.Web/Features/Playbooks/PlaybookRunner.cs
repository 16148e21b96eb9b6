using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Notes;
using SecOps.Web.Features.Triage;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// Works playbooks on incidents: attaches a playbook's newest version (its steps become tasks, due at attachment plus
/// each step's SLA), completes tasks with the evidence their step requires, skips them with a reason, reopens and
/// assigns them. Each change goes through the <see cref="StoreWriter"/> on the task version the responder saw, adds an
/// entry to the incident's timeline, is audited, and is numbered in the change feed (open incident pages follow it). Responders
/// (<see cref="Permission.IncidentsWrite"/>) work tasks.
/// </summary>
public sealed class PlaybookRunner(StoreWriter writer, AccessGuard access, AuditTrail audit, PlaybookLibrary library, TriagePeople people,
    PlaybookWebhooks webhooks, IDbContextFactory<SecOpsDbContext> contexts)
{
    public const int ReasonLength = 1000;

    public async Task<TaskOutcome> AttachAsync(Actor actor, long incidentId, string playbookKey, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.playbook.attach", target, cancellationToken);
        string? detail = null;
        long attachedId = 0;
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return TaskOutcome.Failed("The incident does not exist.");
            }
            var playbook = await db.Playbooks.FirstOrDefaultAsync(p => p.Key == playbookKey, ct);
            if (playbook is null)
            {
                return TaskOutcome.Failed("There is no such playbook.");
            }
            if (await db.IncidentPlaybooks.AnyAsync(p => p.IncidentId == incidentId && p.PlaybookKey == playbookKey, ct))
            {
                return TaskOutcome.Failed("That playbook is already attached to this incident.");
            }
            var row = await db.PlaybookVersions.FirstAsync(v => v.PlaybookId == playbook.Id && v.Version == playbook.LatestVersion, ct);
            var definition = library.Definition(row);
            var attached = new IncidentPlaybook
            {
                IncidentId = incidentId,
                PlaybookVersionId = row.Id,
                PlaybookKey = playbook.Key,
                PlaybookName = definition.Name,
                Version = row.Version,
                AttachedAt = changes.Now,
                AttachedById = actor.Id,
                AttachedByName = actor.Name,
            };
            db.IncidentPlaybooks.Add(attached);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            attachedId = attached.Id;
            var position = await db.IncidentTasks.Where(t => t.IncidentId == incidentId).MaxAsync(t => (int?)t.Position, ct) ?? 0;
            foreach (var phase in definition.Phases)
            {
                foreach (var step in phase.Steps)
                {
                    db.IncidentTasks.Add(new IncidentTask
                    {
                        IncidentId = incidentId,
                        IncidentPlaybookId = attached.Id,
                        StepKey = step.Key,
                        Phase = phase.Phase,
                        Position = ++position,
                        Title = step.Title,
                        Description = step.Description,
                        OwnerRole = step.Owner,
                        Checklist = string.Join('\n', step.Checklist),
                        Evidence = TaskEvidence.Format(step.Evidence),
                        SlaMinutes = (int)step.Sla.TotalMinutes,
                        DueAt = changes.Now + step.Sla,
                    });
                }
            }
            // Saved now so each new task has its id to be numbered by (hub clients receive every task of the playbook).
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            foreach (var taskId in await db.IncidentTasks.Where(t => t.IncidentPlaybookId == attached.Id).OrderBy(t => t.Position).Select(t => t.Id).ToListAsync(ct))
            {
                changes.AddTask(taskId);
            }
            detail = $"{definition.Name} v{row.Version} ({definition.Steps.Count()} tasks)";
            db.IncidentEvents.Add(IncidentEscalation.Event(incidentId, changes.Now, IncidentEventKind.PlaybookAttached, actor, "Playbook attached: " + detail));
            incident.UpdatedAt = changes.Now;
            // Numbered in the change feed like every incident change: open incident pages on every instance re-read it.
            changes.AddIncident(incidentId);
            return TaskOutcome.Ok;
        }, cancellationToken);
        var after = await AfterAsync(actor, "incident.playbook.attach", incidentId, outcome, detail, cancellationToken);
        if (outcome.Succeeded)
        {
            // Automated steps run after the attachment is committed and announced, never inside it.
            webhooks.Enqueue(attachedId);
        }
        return after;
    }

    public async Task<TaskOutcome> CompleteAsync(Actor actor, long taskId, int version, TaskEvidence evidence, CancellationToken cancellationToken)
    {
        var clean = new TaskEvidence(
            Optional(AlertNotes.Clean(evidence.Note)),
            evidence.FileId,
            Optional(DisplayText.CleanUserText(evidence.Observable?.Trim(), 1024)));
        // Read ahead of the change (and its permission check): nothing of it is used or shown unless the change is allowed,
        // and a file's row never changes once uploaded.
        var file = await EvidenceFileAsync(clean.FileId, cancellationToken);
        return await ChangeAsync(actor, taskId, version, "incident.task.complete", (task, now) =>
        {
            if (task.State != TaskState.Open)
            {
                return "The task is already closed; reopen it first.";
            }
            var missing = TaskEvidence.Parse(task.Evidence).Where(k => clean.Of(k) is null).ToList();
            if (missing.Count > 0)
            {
                return "This step needs evidence: " + string.Join(", ", missing.Select(PlaybookVocabulary.Label)) + ".";
            }
            // Only a file of this incident: the task is checked against need-to-know, so its incident's files are the
            // ones the responder may see; another incident's file id is no file here.
            if (clean.FileId is not null && file?.IncidentId != task.IncidentId)
            {
                return "Pick one of this incident's evidence files.";
            }
            (task.State, task.EvidenceNote, task.EvidenceFileId, task.EvidenceFile, task.EvidenceObservable, task.SkipReason) =
                (TaskState.Done, clean.Note, file?.Id, file is null ? null : FileReference(file), clean.Observable, null);
            return null;
        }, task => (IncidentEventKind.TaskCompleted, "Task done: " + task.Title + (file is null ? "" : $" (evidence file {FileReference(file)})")), cancellationToken);
    }

    /// <summary>How a linked evidence file is named on the task, the timeline and in exports: its name and SHA-256.</summary>
    public static string FileReference(Evidence.EvidenceFile file) => DisplayText.CleanUserText($"{file.FileName} (SHA-256 {file.Sha256})", 512)!;

    private async Task<Evidence.EvidenceFile?> EvidenceFileAsync(long? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    public Task<TaskOutcome> SkipAsync(Actor actor, long taskId, int version, string? reason, CancellationToken cancellationToken)
    {
        var clean = DisplayText.CleanUserText((reason ?? "").Replace('\n', ' ').Trim(), ReasonLength)!;
        return ChangeAsync(actor, taskId, version, "incident.task.skip", (task, now) =>
        {
            if (clean.Length == 0)
            {
                return "Say why the step is skipped.";
            }
            if (task.State != TaskState.Open)
            {
                return "The task is already closed; reopen it first.";
            }
            (task.State, task.SkipReason, task.EvidenceNote, task.EvidenceFile, task.EvidenceFileId, task.EvidenceObservable) = (TaskState.Skipped, clean, null, null, null, null);
            return null;
        }, task => (IncidentEventKind.TaskSkipped, $"Task skipped: {task.Title} ({clean})"), cancellationToken);
    }

    public Task<TaskOutcome> ReopenAsync(Actor actor, long taskId, int version, CancellationToken cancellationToken) =>
        ChangeAsync(actor, taskId, version, "incident.task.reopen", (task, now) =>
        {
            if (task.State == TaskState.Open)
            {
                return "The task is open already.";
            }
            (task.State, task.ClosedAt, task.ClosedById, task.ClosedByName, task.RemindedAt) = (TaskState.Open, null, null, null, null);
            return null;
        }, task => (IncidentEventKind.TaskReopened, "Task reopened: " + task.Title), cancellationToken, reopening: true);

    public async Task<TaskOutcome> AssignAsync(Actor actor, long taskId, int version, string? assigneeId, CancellationToken cancellationToken)
    {
        Assignee? assignee = null;
        if (assigneeId is { Length: > 0 } && (assignee = await people.FindAsync(assigneeId, cancellationToken)) is null)
        {
            return TaskOutcome.Failed("That person cannot be assigned.");
        }
        return await ChangeAsync(actor, taskId, version, "incident.task.assign", (task, now) =>
        {
            if (task.AssigneeId == assignee?.Id)
            {
                return "The task is assigned so already.";
            }
            (task.AssigneeId, task.AssigneeName) = (assignee?.Id, assignee?.Name);
            return null;
        }, task => (IncidentEventKind.TaskAssigned, assignee is null ? $"Task unassigned: {task.Title}" : $"Task assigned to {assignee.Name}: {task.Title}"),
            cancellationToken, assigning: true);
    }

    /// <summary>
    /// One change of one task on the version the responder saw: <paramref name="apply"/> returns an error or changes
    /// the task; closing stamps who and when; the timeline gets <paramref name="describe"/>'s entry.
    /// </summary>
    private async Task<TaskOutcome> ChangeAsync(Actor actor, long taskId, int version, string action, Func<IncidentTask, DateTimeOffset, string?> apply,
        Func<IncidentTask, (IncidentEventKind Kind, string Text)> describe, CancellationToken cancellationToken, bool reopening = false, bool assigning = false)
    {
        var target = "task:" + taskId;
        await access.RequireAsync(actor, Permission.IncidentsWrite, action, target, cancellationToken);
        long incidentId = 0;
        string? detail = null;
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var task = await db.IncidentTasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
            // Need-to-know: a task of an incident the actor may not see does not exist for them.
            if (task is null || !await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == task.IncidentId, ct))
            {
                return TaskOutcome.Failed("The task does not exist.");
            }
            incidentId = task.IncidentId;
            if (task.Version != version)
            {
                return TaskOutcome.StaleVersion();
            }
            if (apply(task, changes.Now) is { } error)
            {
                return TaskOutcome.Failed(error);
            }
            if (!reopening && !assigning)
            {
                (task.ClosedAt, task.ClosedById, task.ClosedByName) = (changes.Now, actor.Id, actor.Name);
            }
            task.Version++;
            await Reviews.FollowUpTasks.TaskChangedAsync(db, task, ct);
            var (kind, text) = describe(task);
            // The audit trail names people by id only (an erasure must never need to rewrite it); the timeline shows names.
            detail = assigning ? (task.AssigneeId is null ? "unassigned" : "assigned to user:" + task.AssigneeId) + " task:" + task.Id : text;
            db.IncidentEvents.Add(IncidentEscalation.Event(task.IncidentId, changes.Now, kind, actor, IncidentText.Title(text)));
            var incident = await db.Incidents.FirstAsync(i => i.Id == task.IncidentId, ct);
            incident.UpdatedAt = changes.Now;
            // The incident's version stays: a task has its own, so working a task never makes a colleague's edit stale.
            changes.AddTask(task.Id);
            changes.AddIncident(task.IncidentId);
            return TaskOutcome.Ok;
        }, cancellationToken);
        if (outcome.Stale)
        {
            await audit.AppendAsync(actor, action, target, "stale version " + version, AuditOutcome.Failed, cancellationToken);
        }
        return await AfterAsync(actor, action, incidentId, outcome, detail, cancellationToken, target);
    }

    private async Task<TaskOutcome> AfterAsync(Actor actor, string action, long incidentId, TaskOutcome outcome, string? detail, CancellationToken cancellationToken, string? target = null)
    {
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, action, target ?? IncidentEscalation.Target(incidentId), $"incident:{incidentId} {detail}", AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
