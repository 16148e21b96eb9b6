using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.AuditEvents;

public static class AuditEventEndpoints
{
    /// <summary>The window a read covers when the caller gives no <c>from</c>.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    public sealed record AuditEventPage(IReadOnlyList<AuditEventView> Items);

    public sealed record ReadErrorResponse(string Error);

    public static RouteGroupBuilder MapAuditEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/audit-events", PostAsync)
            .AsDocumentIngest(ApiAuthorization.AuditIngestPolicy)
            .WithSummary("Ingest audit event documents (ECS): a JSON object, a JSON array or NDJSON.")
            .WithName("IngestAuditEvents");
        api.MapGet("/audit-events", ListAsync)
            .RequireAuthorization(ApiAuthorization.ReadPolicy)
            .WithSummary("Stored audit events about any of the users (user=, repeatable) or hosts (host=, repeatable) between from and to (ISO 8601; default the last 24 hours), newest first, at most size.")
            .WithName("ListAuditEvents");
        return api;
    }

    private static Task<IResult> PostAsync(HttpContext http, AuditEventIngestor ingestor, IOptions<IngestOptions> options, CancellationToken cancellationToken) =>
        IngestEndpoints.IngestBodyAsync(http, options.Value, (documents, ct) => ingestor.IngestAsync(Actor.From(http.User), documents, "api", ct), cancellationToken);

    private static async Task<Results<Ok<AuditEventPage>, BadRequest<ReadErrorResponse>>> ListAsync(
        HttpContext http, AuditEventQueries queries, TimeProvider time, [FromQuery] string[]? user, [FromQuery] string[]? host, string? from, string? to, int? size,
        CancellationToken cancellationToken)
    {
        if (!TryParseTime(to, out var end) || !TryParseTime(from, out var start))
        {
            return TypedResults.BadRequest(new ReadErrorResponse("from and to must be ISO 8601 dates."));
        }
        var until = end ?? time.GetUtcNow();
        var (filter, error) = EventFilter.Create(user ?? [], host ?? [], start ?? until - DefaultWindow, until, size);
        if (filter is null)
        {
            return TypedResults.BadRequest(new ReadErrorResponse(error!));
        }
        return TypedResults.Ok(new AuditEventPage(await queries.ListAsync(Actor.From(http.User), filter, cancellationToken)));
    }

    private static bool TryParseTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }
}
