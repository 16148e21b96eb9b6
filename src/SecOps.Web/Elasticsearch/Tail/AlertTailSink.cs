using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>The alert tail's pages go to the <see cref="AlertIngestor"/>; with a status field, the source's triage status follows through <see cref="KibanaStatusSync"/>.</summary>
internal sealed class AlertTailSink(AlertIngestor ingestor, KibanaStatusSync statusSync, IDbContextFactory<SecOpsDbContext> contexts, SourcePreset preset) : ITailSink
{
    private static readonly Actor TailActor = new("elasticsearch", "Elasticsearch source", new HashSet<Permission> { Permission.AlertsIngest });

    public async Task<Dictionary<string, string>> StoredHashesAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Alerts.AsNoTracking().Where(a => documentIds.Contains(a.DocumentId))
            .ToDictionaryAsync(a => a.DocumentId, a => a.ContentHash, StringComparer.Ordinal, cancellationToken);
    }

    public async Task<IReadOnlyList<IngestItemResult>> IngestAsync(IReadOnlyList<IngestDocument> documents, CancellationToken cancellationToken)
    {
        var results = await ingestor.IngestAsync(TailActor, documents, AlertTail.IngestSource, cancellationToken);
        await ApplyStatusAsync(documents, cancellationToken);
        return results;
    }

    private async Task ApplyStatusAsync(IReadOnlyList<IngestDocument> documents, CancellationToken cancellationToken)
    {
        if (preset.StatusField is not { } statusField)
        {
            return;
        }
        var changes = new List<SourceStatusChange>();
        foreach (var document in documents)
        {
            var doc = new FlatDocument(document.Json!.Value);
            if (AlertVocabulary.TryParseStatus(doc.String(statusField), out var status))
            {
                var changedAt = preset.StatusTimeField is { } f && doc.Get(f) is { } value ? AlertDocumentMapper.ParseTime(value) : null;
                changes.Add(new SourceStatusChange(document.TransportId!, status, changedAt));
            }
        }
        await statusSync.ApplyAsync(changes, cancellationToken);
    }
}
