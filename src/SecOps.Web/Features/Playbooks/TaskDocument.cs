using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// The JSON shape of an incident's task shared by the read API (<c>/api/v1/incidents/{id}/tasks</c>) and the hub's
/// <c>tasks</c> event. Phase and state are snake_case names as on incidents (<c>containment</c>, <c>done</c>). Overdue is
/// left to the reader (an open task past <see cref="DueAt"/>): a pushed document would go stale with the clock. The
/// evidence given and a skip's reason stay on the incident page: a feed of task changes carries what was done, not what was written.
/// A post-incident review's follow-up is a task too: <c>kind</c> <c>follow-up</c> (a playbook step's is <c>step</c>), playbook
/// <see cref="FollowUpPlaybook"/> at version 0, phase <c>post_incident</c>, assignee its owner.
/// </summary>
public sealed record TaskDocument(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("incidentId")] long IncidentId,
    [property: JsonPropertyName("playbook")] string PlaybookKey,
    [property: JsonPropertyName("playbookVersion")] int PlaybookVersion,
    [property: JsonPropertyName("step")] string StepKey,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("position")] int Position,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("ownerRole")] string OwnerRole,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("assigneeId")] string? AssigneeId,
    [property: JsonPropertyName("assignee")] string? Assignee,
    [property: JsonPropertyName("dueAt")] DateTimeOffset DueAt,
    [property: JsonPropertyName("closedAt")] DateTimeOffset? ClosedAt,
    [property: JsonPropertyName("closedBy")] string? ClosedBy,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("kind")] string Kind)
{
    /// <summary>The <c>playbook</c> of a review follow-up's task (no playbook is attached for it).</summary>
    public const string FollowUpPlaybook = "post-incident-review";

    private static TaskDocument From(IncidentTask t, IncidentPlaybook? p) => new(t.Id, t.IncidentId, p?.PlaybookKey ?? FollowUpPlaybook, p?.Version ?? 0, t.StepKey,
        IncidentDocument.Wire(t.Phase), t.Position, t.Title, t.OwnerRole, IncidentDocument.Wire(t.State), t.AssigneeId, t.AssigneeName, t.DueAt,
        t.ClosedAt, t.ClosedByName, t.Version, t.FollowUpId is null ? "step" : "follow-up");

    private static IQueryable<TaskRow> WithPlaybook(SecOpsDbContext db, IQueryable<IncidentTask> tasks) =>
        from t in tasks
        join p in db.IncidentPlaybooks.AsNoTracking() on t.IncidentPlaybookId equals p.Id into attached
        from p in attached.DefaultIfEmpty()
        select new TaskRow { Task = t, Playbook = p };

    private sealed class TaskRow
    {
        public required IncidentTask Task { get; init; }
        public IncidentPlaybook? Playbook { get; init; }
    }

    /// <summary>Tasks by id as they are now, with their playbook. The caller applies need-to-know.</summary>
    public static async Task<Dictionary<long, TaskDocument>> ByIdAsync(SecOpsDbContext db, IReadOnlyCollection<long> taskIds, CancellationToken cancellationToken)
    {
        var ids = taskIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = await WithPlaybook(db, db.IncidentTasks.AsNoTracking().Where(t => ids.Contains(t.Id))).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Task.Id, r => From(r.Task, r.Playbook));
    }

    /// <summary>One incident's tasks in the incident page's order (phase, then place). The caller applies need-to-know.</summary>
    public static async Task<IReadOnlyList<TaskDocument>> OfIncidentAsync(SecOpsDbContext db, long incidentId, CancellationToken cancellationToken)
    {
        var rows = await WithPlaybook(db, db.IncidentTasks.AsNoTracking().Where(t => t.IncidentId == incidentId)).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Task.Phase).ThenBy(r => r.Task.Position).Select(r => From(r.Task, r.Playbook))];
    }
}
