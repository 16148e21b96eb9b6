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
    [property: JsonPropertyName("version")] int Version)
{
    private static TaskDocument From(IncidentTask t, IncidentPlaybook p) => new(t.Id, t.IncidentId, p.PlaybookKey, p.Version, t.StepKey,
        IncidentDocument.Wire(t.Phase), t.Position, t.Title, t.OwnerRole, IncidentDocument.Wire(t.State), t.AssigneeId, t.AssigneeName, t.DueAt,
        t.ClosedAt, t.ClosedByName, t.Version);

    /// <summary>Tasks by id as they are now, with their playbook. The caller applies need-to-know.</summary>
    public static async Task<Dictionary<long, TaskDocument>> ByIdAsync(SecOpsDbContext db, IReadOnlyCollection<long> taskIds, CancellationToken cancellationToken)
    {
        var ids = taskIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = await db.IncidentTasks.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Join(db.IncidentPlaybooks.AsNoTracking(), t => t.IncidentPlaybookId, p => p.Id, (t, p) => new { Task = t, Playbook = p })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Task.Id, r => From(r.Task, r.Playbook));
    }

    /// <summary>One incident's tasks in the incident page's order (phase, then place). The caller applies need-to-know.</summary>
    public static async Task<IReadOnlyList<TaskDocument>> OfIncidentAsync(SecOpsDbContext db, long incidentId, CancellationToken cancellationToken)
    {
        var rows = await db.IncidentTasks.AsNoTracking().Where(t => t.IncidentId == incidentId)
            .Join(db.IncidentPlaybooks.AsNoTracking(), t => t.IncidentPlaybookId, p => p.Id, (t, p) => new { Task = t, Playbook = p })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Task.Phase).ThenBy(r => r.Task.Position).Select(r => From(r.Task, r.Playbook))];
    }
}
