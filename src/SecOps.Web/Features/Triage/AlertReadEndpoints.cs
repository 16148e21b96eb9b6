using Microsoft.AspNetCore.Http.HttpResults;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

public static class AlertReadEndpoints
{
    public sealed record QueryErrorResponse(string Error, int Position);

    public sealed record AlertPage(IReadOnlyList<AlertView> Items, string? NextCursor);

    public static RouteGroupBuilder MapAlertReadEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/alerts", ListAsync)
            .RequireAuthorization(ApiAuthorization.ReadPolicy)
            .WithSummary("List alerts newest first; query uses the board's query language; from/to limit the alert time (ISO 8601 or now-24h).")
            .WithName("ListAlerts");
        api.MapGet("/alerts/{id:long}", GetAsync)
            .RequireAuthorization(ApiAuthorization.ReadPolicy)
            .WithSummary("One alert by its SecOps id.")
            .WithName("GetAlert");
        return api;
    }

    private static async Task<Results<Ok<AlertPage>, BadRequest<QueryErrorResponse>>> ListAsync(
        HttpContext http, AlertQueries queries, TimeProvider time, string? query, int? size, string? cursor, string? from, string? to, CancellationToken cancellationToken)
    {
        var actor = Actor.From(http.User);
        var (parsed, error) = AlertQueryParser.Parse(query, time);
        if (parsed is { } valid)
        {
            // assignee:me is the signed-in person, or the person who created the API key.
            (parsed, error) = AlertQueryPeople.Resolve(valid, actor);
        }
        if (error is not null)
        {
            return TypedResults.BadRequest(new QueryErrorResponse(error.Message, error.Position));
        }
        // The board's time window (its URL's from and to), applied as the board applies it.
        var (range, rangeError) = TimeRange.Parse(from, to, time);
        if (range is null)
        {
            return TypedResults.BadRequest(new QueryErrorResponse(rangeError!, 0));
        }
        if (!string.IsNullOrEmpty(cursor) && !AlertQueries.Cursor.TryDecode(cursor, out _, out _))
        {
            return TypedResults.BadRequest(new QueryErrorResponse("The cursor is not one this API issued.", 0));
        }
        var page = await queries.ListAsync(actor, TimeRangeQuery.Within(parsed!, range), size ?? AlertQueries.DefaultPageSize, cursor, cancellationToken);
        return TypedResults.Ok(new AlertPage(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<AlertView>, NotFound>> GetAsync(HttpContext http, AlertQueries queries, long id, CancellationToken cancellationToken)
    {
        var alert = await queries.GetAsync(Actor.From(http.User), id, cancellationToken);
        return alert is null ? TypedResults.NotFound() : TypedResults.Ok(alert);
    }
}
