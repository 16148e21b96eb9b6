using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// Playbooks and tasks through the write API (scope <c>incidents</c>, API keys only, like the rest of it): attach a
/// playbook, and complete, skip, reopen or assign a task on the version read (409 with the task as it is now when it
/// moved on). <see cref="PlaybookRunner"/> does the work, as for the page: permission, need-to-know, evidence the step
/// requires, timeline, audit and the hub's <c>tasks</c> event.
/// </summary>
public static class TaskWriteEndpoints
{
    public sealed record AttachRequest(string? Playbook);

    /// <summary><c>fileId</c>: one of the incident's evidence files (its id in the evidence list), for a step that requires a file.</summary>
    public sealed record CompleteRequest(int? Version, string? Note = null, long? FileId = null, string? Observable = null);

    public sealed record SkipRequest(int? Version, string? Reason);

    public sealed record VersionRequest(int? Version);

    /// <summary><c>assigneeId</c> null or "" unassigns.</summary>
    public sealed record AssignRequest(int? Version, string? AssigneeId);

    public sealed record TaskConflictResponse(string Error, TaskDocument Current);

    public static RouteGroupBuilder MapTaskWriteEndpoints(this RouteGroupBuilder api)
    {
        var incident = api.MapGroup("/incidents/{id:long}").RequireAuthorization(ApiAuthorization.IncidentsWritePolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(IncidentWriteEndpoints.MaxBodyBytes));
        incident.MapPost("/playbooks", AttachAsync).Accepts<AttachRequest>("application/json")
            .WithSummary("Attach a playbook (its newest version) by key; its steps become the incident's tasks (201 with them).").WithName("AttachIncidentPlaybook");
        incident.MapPost("/tasks/{taskId:long}/complete", (HttpContext http, PlaybookRunner runner, IncidentTasks tasks, long id, long taskId, CancellationToken ct) =>
                ChangeAsync<CompleteRequest>(http, tasks, id, taskId, b => b.Version, (actor, b) => runner.CompleteAsync(actor, taskId, b.Version!.Value, new TaskEvidence(b.Note, b.FileId, b.Observable), ct), ct))
            .Accepts<CompleteRequest>("application/json").WithSummary("Complete a task with the evidence its step requires (note, one of the incident's evidence files by id, observable).").WithName("CompleteIncidentTask");
        incident.MapPost("/tasks/{taskId:long}/skip", (HttpContext http, PlaybookRunner runner, IncidentTasks tasks, long id, long taskId, CancellationToken ct) =>
                ChangeAsync<SkipRequest>(http, tasks, id, taskId, b => b.Version, (actor, b) => runner.SkipAsync(actor, taskId, b.Version!.Value, b.Reason, ct), ct))
            .Accepts<SkipRequest>("application/json").WithSummary("Skip a task, saying why.").WithName("SkipIncidentTask");
        incident.MapPost("/tasks/{taskId:long}/reopen", (HttpContext http, PlaybookRunner runner, IncidentTasks tasks, long id, long taskId, CancellationToken ct) =>
                ChangeAsync<VersionRequest>(http, tasks, id, taskId, b => b.Version, (actor, b) => runner.ReopenAsync(actor, taskId, b.Version!.Value, ct), ct))
            .Accepts<VersionRequest>("application/json").WithSummary("Reopen a done or skipped task.").WithName("ReopenIncidentTask");
        incident.MapPost("/tasks/{taskId:long}/assign", (HttpContext http, PlaybookRunner runner, IncidentTasks tasks, long id, long taskId, CancellationToken ct) =>
                ChangeAsync<AssignRequest>(http, tasks, id, taskId, b => b.Version, (actor, b) => runner.AssignAsync(actor, taskId, b.Version!.Value, b.AssigneeId, ct), ct))
            .Accepts<AssignRequest>("application/json").WithSummary("Assign a task to a person (or unassign it).").WithName("AssignIncidentTask");
        return api;
    }

    private static async Task<IResult> AttachAsync(HttpContext http, PlaybookRunner runner, IncidentTasks tasks, long id, CancellationToken cancellationToken)
    {
        var (body, invalid) = await IncidentWriteEndpoints.ReadAsync<AttachRequest>(http, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }
        if (string.IsNullOrWhiteSpace(body.Playbook))
        {
            return IncidentWriteEndpoints.Invalid("playbook is required: the key of a playbook in the library.");
        }
        var actor = Actor.From(http.User);
        if (await tasks.DocumentsAsync(actor, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var outcome = await runner.AttachAsync(actor, id, body.Playbook, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.Error == EditOutcome.MissingIncident ? TypedResults.NotFound() : IncidentWriteEndpoints.Invalid(outcome.Error!);
        }
        return TypedResults.Created($"/api/v1/incidents/{id}/tasks", await tasks.DocumentsAsync(actor, id, cancellationToken));
    }

    /// <summary>
    /// One task change on the version given: 404 unless the task is one of this incident's (as the caller may see it),
    /// 409 with the task now when the version is stale, 400 with the runner's reason, else 200 with the task after it.
    /// </summary>
    private static async Task<IResult> ChangeAsync<T>(HttpContext http, IncidentTasks tasks, long incidentId, long taskId, Func<T, int?> version,
        Func<Actor, T, Task<TaskOutcome>> change, CancellationToken cancellationToken) where T : class
    {
        var (body, invalid) = await IncidentWriteEndpoints.ReadAsync<T>(http, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }
        var actor = Actor.From(http.User);
        if ((await tasks.DocumentsAsync(actor, incidentId, cancellationToken))?.Any(t => t.Id == taskId) != true)
        {
            return TypedResults.NotFound();
        }
        if (version(body) is null)
        {
            return IncidentWriteEndpoints.Invalid("version is required: the version of the task you read.");
        }
        var outcome = await change(actor, body);
        var now = (await tasks.DocumentsAsync(actor, incidentId, cancellationToken))?.FirstOrDefault(t => t.Id == taskId);
        return outcome.Succeeded && now is not null ? TypedResults.Ok(now)
            : outcome.Stale && now is not null ? TypedResults.Conflict(new TaskConflictResponse(outcome.Error!, now))
            : now is null ? TypedResults.NotFound()
            : IncidentWriteEndpoints.Invalid(outcome.Error!);
    }
}
