using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.Web.Elasticsearch;

/// <summary>
/// The REST client: one named HttpClient whose resilience pipeline (retries honouring Retry-After, a circuit breaker
/// and timeouts) is kept per node, and node failover on top: a node that cannot be reached or answers 5xx after its
/// retries hands the request to the next one.
/// </summary>
public sealed class ElasticsearchClient(
    IHttpClientFactory httpClientFactory, IOptions<ElasticsearchOptions> options, ILogger<ElasticsearchClient> logger) : IElasticsearchClient
{
    public const string HttpClientName = "SecOps.Elasticsearch";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    // The node that answered last; requests start there so a dead first node costs one failure, not one per request.
    private int _preferredNode;

    public Task<InfoResponse> InfoAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "", null, null, ElasticsearchJsonContext.Default.InfoResponse, cancellationToken);

    public async Task<SearchResponse> SearchAsync(string index, SearchRequest request, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Post, $"{IndexPath(index)}/_search", request.ToJsonBytes(), Json,
            ElasticsearchJsonContext.Default.SearchResponse, cancellationToken);
        foreach (var warning in response.Warnings)
        {
            logger.LogWarning("Partial search result from {Index}: shard {Shard} on {Node} failed with {Type}",
                warning.Index ?? index, warning.Shard, warning.Node, warning.Type);
        }
        return response;
    }

    public Task<CountResponse> CountAsync(string index, Query? query = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{IndexPath(index)}/_count", Write(w =>
        {
            w.WriteStartObject();
            if (query is not null)
            {
                w.WritePropertyName("query");
                query.WriteTo(w);
            }
            w.WriteEndObject();
        }), Json, ElasticsearchJsonContext.Default.CountResponse, cancellationToken);

    public Task<BulkResponse> BulkAsync(IReadOnlyCollection<BulkOperation> operations, string? index = null, bool refresh = false, CancellationToken cancellationToken = default)
    {
        if (operations.Count == 0)
        {
            throw new ArgumentException("A bulk request needs at least one operation.", nameof(operations));
        }
        var path = (index is null ? "_bulk" : $"{IndexPath(index)}/_bulk") + (refresh ? "?refresh=true" : "");
        return SendAsync(HttpMethod.Post, path, BulkOperation.ToNdjson(operations), Ndjson, ElasticsearchJsonContext.Default.BulkResponse, cancellationToken);
    }

    public Task<MultiGetResponse> MultiGetAsync(IReadOnlyCollection<MultiGetItem> documents, IReadOnlyList<string>? sourceIncludes = null, CancellationToken cancellationToken = default)
    {
        if (documents.Count == 0)
        {
            throw new ArgumentException("A multi-get needs at least one document.", nameof(documents));
        }
        var path = "_mget" + (sourceIncludes is { Count: > 0 } fields ? "?_source_includes=" + string.Join(',', fields.Select(Uri.EscapeDataString)) : "");
        var body = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("docs");
            foreach (var document in documents)
            {
                w.WriteStartObject();
                w.WriteString("_index", document.Index);
                w.WriteString("_id", document.Id);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return SendAsync(HttpMethod.Post, path, body, Json, ElasticsearchJsonContext.Default.MultiGetResponse, cancellationToken);
    }

    public Task<WriteResponse> CreateAsync(string index, string id, JsonObject document, bool refresh = false, CancellationToken cancellationToken = default)
    {
        var path = $"{IndexPath(index)}/_create/{Uri.EscapeDataString(id)}" + (refresh ? "?refresh=true" : "");
        return SendAsync(HttpMethod.Put, path, Write(w => document.WriteTo(w)), Json, ElasticsearchJsonContext.Default.WriteResponse, cancellationToken);
    }

    public Task<WriteResponse> UpdateAsync(string index, string id, JsonObject partialDocument, long? ifSeqNo = null, long? ifPrimaryTerm = null, bool refresh = false, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (ifSeqNo is { } seqNo && ifPrimaryTerm is { } primaryTerm)
        {
            query.Add($"if_seq_no={seqNo}");
            query.Add($"if_primary_term={primaryTerm}");
        }
        if (refresh)
        {
            query.Add("refresh=true");
        }
        var path = $"{IndexPath(index)}/_update/{Uri.EscapeDataString(id)}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var body = Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("doc");
            partialDocument.WriteTo(w);
            w.WriteEndObject();
        });
        return SendAsync(HttpMethod.Post, path, body, Json, ElasticsearchJsonContext.Default.WriteResponse, cancellationToken);
    }

    public Task<ByQueryResponse> UpdateByQueryAsync(string index, Query query, PainlessScript script, bool proceedOnConflicts = false, bool refresh = false, CancellationToken cancellationToken = default)
    {
        var path = $"{IndexPath(index)}/_update_by_query?conflicts={(proceedOnConflicts ? "proceed" : "abort")}" + (refresh ? "&refresh=true" : "");
        var body = Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("query");
            query.WriteTo(w);
            w.WritePropertyName("script");
            script.WriteTo(w);
            w.WriteEndObject();
        });
        return SendAsync(HttpMethod.Post, path, body, Json, ElasticsearchJsonContext.Default.ByQueryResponse, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, byte[]? body, MediaTypeHeaderValue? contentType,
        JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Nodes.Count == 0)
        {
            throw new InvalidOperationException($"No Elasticsearch nodes are configured ({ElasticsearchOptions.SectionName}:Nodes).");
        }
        var client = httpClientFactory.CreateClient(HttpClientName);
        var failures = new List<Exception>();
        ElasticsearchException? serverError = null;
        var start = Volatile.Read(ref _preferredNode);
        for (var attempt = 0; attempt < settings.Nodes.Count; attempt++)
        {
            var nodeIndex = (start + attempt) % settings.Nodes.Count;
            using var request = new HttpRequestMessage(method, NodeUri(settings.Nodes[nodeIndex], pathAndQuery));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = contentType;
            }
            request.Headers.Accept.Add(AcceptJson);
            Authorize(request, settings);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
            catch (Exception ex) when (IsNodeFailure(ex, cancellationToken))
            {
                logger.LogWarning("Elasticsearch node {Node} failed ({Error}); trying the next node", settings.Nodes[nodeIndex], ex.GetType().Name);
                failures.Add(ex);
                continue;
            }
            using (response)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    Volatile.Write(ref _preferredNode, nodeIndex);
                    return Deserialize(bytes, status, typeInfo);
                }
                var error = ElasticsearchException.FromResponse(status, bytes, response.Headers.RetryAfter?.Delta);
                if (status < 500)
                {
                    throw error;
                }
                logger.LogWarning("Elasticsearch node {Node} answered {Status} {Type}; trying the next node", settings.Nodes[nodeIndex], status, error.Type);
                serverError = error;
                failures.Add(error);
            }
        }
        // A cluster that answered with an error body says more than "unavailable"; keep its typed error.
        throw serverError ?? (Exception)new ElasticsearchUnavailableException(failures);
    }

    private static T Deserialize<T>(byte[] bytes, int status, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo) ?? throw new ElasticsearchProtocolException(status, "the body is JSON null");
        }
        catch (JsonException ex)
        {
            throw new ElasticsearchProtocolException(status, ex.Message, ex);
        }
    }

    private static bool IsNodeFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpRequestException or BrokenCircuitException or TimeoutRejectedException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static Uri NodeUri(Uri node, string pathAndQuery)
    {
        // new Uri(base, relative) drops the base's last segment unless it ends with '/', which would lose a path prefix.
        var text = node.AbsoluteUri;
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), pathAndQuery);
    }

    private static void Authorize(HttpRequestMessage request, ElasticsearchOptions settings)
    {
        if (settings.ApiKey is { Length: > 0 } apiKey)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
        }
        else if (settings.Username is { Length: > 0 } username)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{settings.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
    }

    /// <summary>Escapes each name of a comma-separated index list; wildcards and commas keep their meaning.</summary>
    private static string IndexPath(string index)
    {
        if (string.IsNullOrWhiteSpace(index))
        {
            throw new ArgumentException("An index, alias or pattern is required.", nameof(index));
        }
        return string.Join(',', index.Split(',').Select(part => Uri.EscapeDataString(part.Trim()).Replace("%2A", "*", StringComparison.Ordinal)));
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, SearchRequest.WriterOptions))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
