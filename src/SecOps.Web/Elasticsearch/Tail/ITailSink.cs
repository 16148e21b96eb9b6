using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// Where a <see cref="TailCursor"/> delivers a page of hits: the store of one kind of document (alerts, audit events). The
/// cursor pages, de-duplicates and keeps the checkpoint; the sink says what is stored and stores the rest as one commit.
/// </summary>
internal interface ITailSink
{
    /// <summary>The content hash stored for each of these document ids; ids not stored are absent.</summary>
    Task<Dictionary<string, string>> StoredHashesAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken);

    /// <summary>Ingests new and changed documents (the preset already applied, the hit's <c>_id</c> as transport id), committed before it returns.</summary>
    Task<IReadOnlyList<IngestItemResult>> IngestAsync(IReadOnlyList<IngestDocument> documents, CancellationToken cancellationToken);
}
