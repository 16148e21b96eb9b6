using Microsoft.AspNetCore.Http.HttpResults;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// <c>GET /api/v1/incidents</c>, <c>/api/v1/incidents/{id}</c> and <c>/api/v1/incidents/{id}/tasks</c>: signed-in users or API keys with scope <c>read</c>,
/// like the alerts. Need-to-know applies (through <see cref="IncidentQueries"/>): an incident the caller may not see is
/// missing from pages and answers 404 by id, exactly like one that does not exist.
/// </summary>
public static class IncidentReadEndpoints
{
    public sealed record IncidentListResponse(IReadOnlyList<IncidentDocument> Items, string? NextCursor);

    public sealed record ErrorResponse(string Error);

    public const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapIncidentReadEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/incidents", ListAsync)
            .RequireAuthorization(ApiAuthorization.ReadPolicy)
            .WithSummary("List incidents, most recently changed first (sort=created: newest first; sort=severity: most severe first); query searches titles; status (open, in_progress, resolved, closed) and severity filter; cursor paging.")
            .WithName("ListIncidents");
        api.MapGet("/incidents/{id:long}", GetAsync)
            .RequireAuthorization(ApiAuthorization.ReadPolicy)
            .WithSummary("One incident by its id, with its members and observables.")
            .WithName("GetIncident");
        api.MapGet("/incidents/{id:long}/tasks", TasksAsync)
            .RequireAuthorization(ApiAuthorization.ReadPolicy)
            .WithSummary("The incident's playbook tasks (the hub's tasks event sends each change), in phase order.")
            .WithName("ListIncidentTasks");
        return api;
    }

    private static async Task<Results<Ok<IncidentListResponse>, BadRequest<ErrorResponse>>> ListAsync(
        HttpContext http, IncidentQueries queries, string? query, string? status, string? severity, string? sort, int? size, string? cursor,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(cursor) && !IncidentQueries.Cursor.TryDecode(cursor, out _))
        {
            return TypedResults.BadRequest(new ErrorResponse("The cursor is not one this API issued."));
        }
        IncidentStatus? wantedStatus = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!IncidentDocument.TryParseWire<IncidentStatus>(status, out var parsedStatus))
            {
                return TypedResults.BadRequest(new ErrorResponse("status is one of open, in_progress, resolved, closed."));
            }
            wantedStatus = parsedStatus;
        }
        Alerts.Severity? wantedSeverity = null;
        if (!string.IsNullOrEmpty(severity))
        {
            if (!Alerts.AlertVocabulary.TryParseSeverity(severity, out var parsed))
            {
                return TypedResults.BadRequest(new ErrorResponse("severity is one of low, medium, high, critical."));
            }
            wantedSeverity = parsed;
        }
        var order = IncidentSort.Updated;
        if (!string.IsNullOrEmpty(sort) && !IncidentDocument.TryParseWire(sort, out order))
        {
            return TypedResults.BadRequest(new ErrorResponse("sort is one of updated, created, severity."));
        }
        var page = await queries.PageAsync(Actor.From(http.User), new IncidentFilter(wantedStatus, wantedSeverity, Text: query, Sort: order),
            size ?? DefaultPageSize, cursor, cancellationToken);
        return TypedResults.Ok(new IncidentListResponse([.. page.Items.Select(IncidentDocument.From)], page.NextCursor));
    }

    private static async Task<Results<Ok<IReadOnlyList<Playbooks.TaskDocument>>, NotFound>> TasksAsync(HttpContext http, Playbooks.IncidentTasks tasks, long id,
        CancellationToken cancellationToken)
    {
        var documents = await tasks.DocumentsAsync(Actor.From(http.User), id, cancellationToken);
        return documents is null ? TypedResults.NotFound() : TypedResults.Ok(documents);
    }

    private static async Task<Results<Ok<IncidentDocument>, NotFound>> GetAsync(HttpContext http, IncidentQueries queries, long id, CancellationToken cancellationToken)
    {
        var incident = await queries.GetAsync(Actor.From(http.User), id, cancellationToken);
        return incident is null ? TypedResults.NotFound() : TypedResults.Ok(IncidentDocument.From(incident));
    }
}
