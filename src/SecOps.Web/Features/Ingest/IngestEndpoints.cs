using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Ingest;

public static class IngestEndpoints
{
    public static RouteGroupBuilder MapIngestEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/alerts", PostAlertsAsync)
            .AsDocumentIngest(ApiAuthorization.IngestPolicy)
            .WithSummary("Ingest alert documents: a JSON object, a JSON array or NDJSON.")
            .WithName("IngestAlerts");
        return api;
    }

    /// <summary>What every document ingest endpoint declares: its policy, no antiforgery (API keys, no cookies), the body forms and answers.</summary>
    public static RouteHandlerBuilder AsDocumentIngest(this RouteHandlerBuilder endpoint, string policy) => endpoint
        .RequireAuthorization(policy)
        .DisableAntiforgery()
        .Accepts<object>("application/json", "application/x-ndjson")
        .Produces<IngestResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static Task<IResult> PostAlertsAsync(HttpContext http, AlertIngestor ingestor, IOptions<IngestOptions> options, CancellationToken cancellationToken) =>
        IngestBodyAsync(http, options.Value, (documents, ct) => ingestor.IngestAsync(Actor.From(http.User), documents, "api", ct), cancellationToken);

    /// <summary>
    /// The ingest contract every document endpoint shares: the body read under <see cref="IngestOptions.MaxRequestBytes"/> (413
    /// over it), split into documents (400 when it cannot be split at all), handed to <paramref name="ingest"/>, and answered with
    /// one item per input document, in order.
    /// </summary>
    public static async Task<IResult> IngestBodyAsync(
        HttpContext http, IngestOptions limits, Func<IReadOnlyList<IngestDocument>, CancellationToken, Task<IReadOnlyList<IngestItemResult>>> ingest,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http, limits.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem($"The request body is larger than the limit of {limits.MaxRequestBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        IReadOnlyList<IngestDocument> documents;
        try
        {
            var ndjson = http.Request.ContentType?.Contains("ndjson", StringComparison.OrdinalIgnoreCase) == true;
            documents = IngestBodyReader.Split(body.Value, ndjson, limits.MaxDocumentBytes);
        }
        catch (IngestBodyException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The body could not be read");
        }
        var items = await ingest(documents, cancellationToken);
        return Results.Ok(new IngestResponse(items.Any(i => i.Status == IngestItemResult.Rejected), items));
    }
}

/// <summary>Reads a request body into memory with a hard limit, whether or not Content-Length is sent.</summary>
public static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContext http, long limit, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > limit)
        {
            return null;
        }
        // The server's own default limit (30 MB on Kestrel) must not cut below the configured one.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }
        var capacity = (int)Math.Min(http.Request.ContentLength ?? 64 * 1024, limit + 1);
        var buffer = new MemoryStream(capacity);
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
