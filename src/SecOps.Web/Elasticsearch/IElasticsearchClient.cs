using System.Text.Json.Nodes;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.Web.Elasticsearch;

/// <summary>
/// The Elasticsearch REST calls SecOps makes. A seam because tests run it against an HTTP double and the alert
/// source depends on it. Errors arrive as <see cref="ElasticsearchException"/> (typed from the error body),
/// <see cref="ElasticsearchUnavailableException"/> (no node reachable) or <see cref="ElasticsearchProtocolException"/>.
/// </summary>
public interface IElasticsearchClient
{
    Task<InfoResponse> InfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Searches an index, alias or comma-separated pattern list. Check <see cref="SearchResponse.Warnings"/> for partial results.</summary>
    Task<SearchResponse> SearchAsync(string index, SearchRequest request, CancellationToken cancellationToken = default);

    Task<CountResponse> CountAsync(string index, Query? query = null, CancellationToken cancellationToken = default);

    /// <summary>Sends NDJSON; the answer is 200 even when items failed, so read each item's status.</summary>
    Task<BulkResponse> BulkAsync(IReadOnlyCollection<BulkOperation> operations, string? index = null, bool refresh = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Realtime get of several documents by concrete index and id, each with its <c>_seq_no</c> and <c>_primary_term</c>;
    /// <paramref name="sourceIncludes"/> limits the returned <c>_source</c> to those fields.
    /// </summary>
    Task<MultiGetResponse> MultiGetAsync(IReadOnlyCollection<MultiGetItem> documents, IReadOnlyList<string>? sourceIncludes = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates one document under <paramref name="id"/> (<c>PUT {index}/_create/{id}</c>, op_type create): an existing id is never
    /// overwritten but answered with a 409 <c>version_conflict_engine_exception</c> (<see cref="ElasticsearchException.IsVersionConflict"/>).
    /// </summary>
    Task<WriteResponse> CreateAsync(string index, string id, JsonObject document, bool refresh = false, CancellationToken cancellationToken = default);

    /// <summary>Partial update of one document; with <paramref name="ifSeqNo"/> and <paramref name="ifPrimaryTerm"/> a concurrent change gives a 409.</summary>
    Task<WriteResponse> UpdateAsync(string index, string id, JsonObject partialDocument, long? ifSeqNo = null, long? ifPrimaryTerm = null, bool refresh = false, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="script"/> over the documents matching <paramref name="query"/>; version conflicts abort unless <paramref name="proceedOnConflicts"/>.</summary>
    Task<ByQueryResponse> UpdateByQueryAsync(string index, Query query, PainlessScript script, bool proceedOnConflicts = false, bool refresh = false, CancellationToken cancellationToken = default);
}
