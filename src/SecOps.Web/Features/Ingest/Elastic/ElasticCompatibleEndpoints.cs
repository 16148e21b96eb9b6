using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.AuditEvents;

namespace SecOps.Web.Features.Ingest.Elastic;

/// <summary>
/// The Elasticsearch-compatible ingest endpoint at <c>/api/v1/elastic/</c>: a root answer that official clients
/// accept (with <c>X-Elastic-Product: Elasticsearch</c>) and the bulk API with <c>index</c> and <c>create</c>,
/// so shippers (Filebeat, Logstash, Fluent Bit, Vector, rsyslog, the official clients) deliver straight into
/// the store. Documents go through the same <see cref="AlertIngestor"/> as <c>POST /api/v1/alerts</c>.
/// </summary>
public static class ElasticCompatibleEndpoints
{
    public const string ProductHeader = "X-Elastic-Product";
    public const string ProductName = "Elasticsearch";
    public const string Source = "elastic-bulk";

    /// <summary>Where the endpoint lives; shippers take it as their Elasticsearch URL's path.</summary>
    public const string Root = "/api/v1/elastic";

    public static RouteGroupBuilder MapElasticCompatibleEndpoints(this RouteGroupBuilder api)
    {
        var configuration = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IConfiguration>();
        var options = ElasticCompatOptions.From(configuration);
        var root = BuildRootInfo(options.Version);
        var license = BuildLicense(root);
        var elastic = api.MapGroup("/elastic")
            .RequireAuthorization(ApiAuthorization.IngestPolicy)
            .AllowApiKeyAsBasicPassword()
            .WithMetadata(ElasticCompatibleEndpointMetadata.Instance)
            .DisableAntiforgery()
            .WithTags("Elasticsearch-compatible ingest")
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers[ProductHeader] = ProductName;
                return await next(context);
            });
        elastic.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) =>
                HttpMethods.IsHead(http.Request.Method) ? Results.Ok() : Results.Json(root))
            .Produces<ElasticRootInfo>()
            .WithSummary("Answers like an Elasticsearch root, so clients and shippers accept the endpoint.")
            .WithName("ElasticRoot");
        elastic.MapGet("/_license", () => Results.Json(license))
            .Produces<ElasticLicenseResponse>()
            .WithSummary("Answers like Elasticsearch's get-license API with an active basic license (Logstash's output checks it before shipping).")
            .WithName("ElasticLicense");
        elastic.MapMethods("/_bulk", [HttpMethods.Post, HttpMethods.Put],
                (HttpContext http, AlertIngestor ingestor, IOptions<IngestOptions> limits, CancellationToken ct) =>
                    BulkAsync(http, null, ingestor, limits.Value, options, ct))
            .Accepts<object>("application/x-ndjson", "application/json")
            .Produces<ElasticBulkResponse>()
            .WithSummary("Elasticsearch bulk API: index and create actions, per-item status.")
            .WithName("ElasticBulk");
        elastic.MapMethods("/{index}/_bulk", [HttpMethods.Post, HttpMethods.Put],
                (string index, HttpContext http, AlertIngestor ingestor, IOptions<IngestOptions> limits, CancellationToken ct) =>
                    BulkAsync(http, index, ingestor, limits.Value, options, ct))
            .Accepts<object>("application/x-ndjson", "application/json")
            .Produces<ElasticBulkResponse>()
            .WithSummary("Elasticsearch bulk API with a default index.")
            .WithName("ElasticBulkWithIndex");
        return api;
    }

    private static async Task<IResult> BulkAsync(
        HttpContext http, string? pathIndex, AlertIngestor ingestor, IngestOptions limits, ElasticCompatOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var body = await RequestBody.ReadAsync(http, limits.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return Results.Json(ElasticErrorResponse.Of("content_too_long_exception",
                $"The request body is larger than the limit of {limits.MaxRequestBytes} bytes.", StatusCodes.Status413PayloadTooLarge),
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        IReadOnlyList<ElasticBulkOperation> operations;
        try
        {
            operations = ElasticBulkParser.Parse(body.Value, pathIndex, limits.MaxDocumentBytes);
        }
        catch (ElasticBulkException e)
        {
            return Results.Json(ElasticErrorResponse.Of(e.Type, e.Message, StatusCodes.Status400BadRequest), statusCode: StatusCodes.Status400BadRequest);
        }

        var items = new ElasticBulkItem[operations.Count];
        var alertOperations = new List<int>();
        var auditOperations = new List<int>();
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            if (operation.Error is { } error)
            {
                items[i] = new ElasticBulkItem(operation.Index, operation.Id, StatusCodes.Status400BadRequest, null, error);
                continue;
            }
            switch (ElasticIndexRouter.Route(operation.Index!, options))
            {
                case ElasticIndexRoute.Audit:
                    auditOperations.Add(i);
                    break;
                case ElasticIndexRoute.None:
                    items[i] = new ElasticBulkItem(operation.Index, operation.Id, StatusCodes.Status404NotFound, null,
                        new ElasticError("index_not_found_exception", $"no such index [{operation.Index}]: it matches no alert or audit index pattern"));
                    break;
                default:
                    alertOperations.Add(i);
                    break;
            }
        }

        if (alertOperations.Count > 0)
        {
            var results = await ingestor.IngestAsync(Actor.From(http.User), Documents(operations, alertOperations), Source, cancellationToken);
            for (var k = 0; k < alertOperations.Count; k++)
            {
                items[alertOperations[k]] = ToItem(operations[alertOperations[k]], results[k]);
            }
        }
        if (auditOperations.Count > 0)
        {
            await IngestAuditEventsAsync(http, operations, auditOperations, items, cancellationToken);
        }
        var took = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var answer = new ElasticBulkResponse(
            took,
            items.Any(i => i.Error is not null),
            items.Select((item, i) => (IReadOnlyDictionary<string, ElasticBulkItem>)new Dictionary<string, ElasticBulkItem> { [operations[i].Action] = item }).ToList());
        return Results.Json(answer);
    }

    /// <summary>
    /// Operations on audit-pattern indices go to the audit-event store with the same per-item answers as alerts: 201 new, 200
    /// updated or unchanged, 409 for <c>create</c> of a known id, 400 for a rejected document, and 403 per item when the key
    /// may ingest alerts but not audit events.
    /// </summary>
    private static async Task IngestAuditEventsAsync(
        HttpContext http, IReadOnlyList<ElasticBulkOperation> operations, List<int> auditOperations, ElasticBulkItem[] items, CancellationToken cancellationToken)
    {
        var ingestor = http.RequestServices.GetRequiredService<AuditEventIngestor>();
        try
        {
            var results = await ingestor.IngestAsync(Actor.From(http.User), Documents(operations, auditOperations), Source, cancellationToken);
            for (var k = 0; k < auditOperations.Count; k++)
            {
                items[auditOperations[k]] = ToItem(operations[auditOperations[k]], results[k]);
            }
        }
        catch (AccessDeniedException e)
        {
            foreach (var i in auditOperations)
            {
                items[i] = new ElasticBulkItem(operations[i].Index, operations[i].Id, StatusCodes.Status403Forbidden, null, new ElasticError("security_exception", e.Message));
            }
        }
    }

    /// <summary>
    /// The operations' documents, <c>create</c> marked create-only: Elasticsearch answers <c>create</c> of an existing id with
    /// 409 and leaves the document alone, and so do we, for ids already stored and for ids an earlier operation of the same
    /// request writes. The ingestor decides it inside its unit of work, so a racing request cannot slip in between.
    /// </summary>
    private static List<IngestDocument> Documents(IReadOnlyList<ElasticBulkOperation> operations, List<int> indices) =>
        [.. indices.Select(i => operations[i].Document! with { CreateOnly = operations[i].Action == ElasticBulkParser.Create })];

    private static ElasticBulkItem ToItem(ElasticBulkOperation operation, IngestItemResult result)
    {
        var id = string.IsNullOrEmpty(result.Id) ? operation.Id : result.Id;
        return result.Status switch
        {
            IngestItemResult.Created => new ElasticBulkItem(operation.Index, id, StatusCodes.Status201Created, "created"),
            IngestItemResult.Conflict => Conflict(operation, id ?? ""),
            IngestItemResult.Updated => new ElasticBulkItem(operation.Index, id, StatusCodes.Status200OK, "updated"),
            _ => new ElasticBulkItem(operation.Index, id, StatusCodes.Status400BadRequest, null,
                new ElasticError("document_parsing_exception", result.Error ?? "The document was rejected.")),
        };
    }

    private static ElasticBulkItem Conflict(ElasticBulkOperation operation, string documentId) =>
        new(operation.Index, documentId, StatusCodes.Status409Conflict, null,
            new ElasticError("version_conflict_engine_exception", $"[{documentId}]: version conflict, document already exists (current version [1])"));

    private static ElasticLicenseResponse BuildLicense(ElasticRootInfo root)
    {
        var uid = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("secops-license:" + root.ClusterUuid))[..16]).ToString();
        var issued = DateTimeOffset.Parse(root.Version.BuildDate, System.Globalization.CultureInfo.InvariantCulture);
        return new ElasticLicenseResponse(new ElasticLicense("active", uid, "basic", root.Version.BuildDate, issued.ToUnixTimeMilliseconds(),
            1000, root.ClusterName, "elasticsearch", -1));
    }

    private static ElasticRootInfo BuildRootInfo(string version)
    {
        var major = int.TryParse(version.Split('.')[0], out var m) ? m : 8;
        var (lucene, wire, index) = major switch
        {
            <= 7 => ("8.11.3", "6.8.0", "6.0.0-beta1"),
            8 => ("9.11.1", "7.17.0", "7.0.0"),
            _ => ("10.1.0", "8.18.0", "8.0.0"),
        };
        var name = Environment.MachineName;
        var uuid = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("secops:" + name)))[..22].Replace('+', '-').Replace('/', '_');
        return new ElasticRootInfo(name, "secops", uuid,
            new ElasticVersionInfo(version, "default", "secops", "0000000000000000000000000000000000000000", "2024-01-01T00:00:00.000Z", false, lucene, wire, index),
            "You Know, for Search");
    }
}
