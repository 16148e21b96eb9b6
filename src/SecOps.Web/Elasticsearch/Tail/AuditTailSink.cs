using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>The audit tail's pages go to the <see cref="AuditEventIngestor"/>, which also refuses SecOps's own shipped records.</summary>
internal sealed class AuditTailSink(AuditEventIngestor ingestor) : ITailSink
{
    private static readonly Actor TailActor = new("elasticsearch", "Elasticsearch source", new HashSet<Permission> { Permission.AuditEventsIngest });

    public Task<Dictionary<string, string>> StoredHashesAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken) =>
        ingestor.StoredHashesAsync(documentIds, cancellationToken);

    public Task<IReadOnlyList<IngestItemResult>> IngestAsync(IReadOnlyList<IngestDocument> documents, CancellationToken cancellationToken) =>
        ingestor.IngestAsync(TailActor, documents, AuditTail.IngestSource, cancellationToken);
}
