using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.AuditEvents;

/// <summary>
/// Idempotent upsert of audit documents, with the answers of the alert ingest: a new id is stored (201); a known id with
/// changed content has its fields replaced (200); an identical repeat changes nothing (200); a bad document is rejected
/// (400) and the others are kept; a create-only document with a known id is refused (409) and the stored event left alone,
/// decided under the write lock. The batch commits as one through the <see cref="StoreWriter"/>, so nothing is half-stored.
/// </summary>
public sealed class AuditEventIngestor(
    StoreWriter writer, IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, IOptions<IngestOptions> limits, TimeProvider time)
{
    public async Task<IReadOnlyList<IngestItemResult>> IngestAsync(Actor actor, IReadOnlyList<IngestDocument> documents, string source, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AuditEventsIngest, "audit-events.ingest", null, cancellationToken);
        var now = time.GetUtcNow();
        var results = new IngestItemResult[documents.Count];
        var accepted = new List<(int Index, AuditEvent Event)>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            if (document.Json is null)
            {
                results[i] = new IngestItemResult("", IngestItemResult.Rejected, document.Error, document.Line);
                continue;
            }
            var mapped = AuditEventMapper.Map(document, source, now, limits.Value.MaxDocumentBytes);
            if (mapped.Event is null)
            {
                results[i] = new IngestItemResult(mapped.DocumentId ?? "", IngestItemResult.Rejected, mapped.Error, document.Line);
                continue;
            }
            accepted.Add((i, mapped.Event));
        }
        if (accepted.Count > 0)
        {
            await writer.WriteAsync((db, _, ct) => UpsertAsync(db, accepted, results, documents, now, ct), cancellationToken);
        }
        return results;
    }

    /// <summary>The content hash stored for each of these document ids; ids not stored are absent.</summary>
    public async Task<Dictionary<string, string>> StoredHashesAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        if (documentIds.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.AsNoTracking().Where(e => documentIds.Contains(e.DocumentId))
            .ToDictionaryAsync(e => e.DocumentId, e => e.ContentHash, StringComparer.Ordinal, cancellationToken);
    }

    private static async Task<bool> UpsertAsync(
        SecOpsDbContext db, List<(int Index, AuditEvent Event)> accepted, IngestItemResult[] results, IReadOnlyList<IngestDocument> documents,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = accepted.Select(a => a.Event.DocumentId).Distinct().ToList();
        var known = await db.AuditEvents.Where(e => ids.Contains(e.DocumentId)).ToDictionaryAsync(e => e.DocumentId, StringComparer.Ordinal, cancellationToken);
        foreach (var (index, incoming) in accepted)
        {
            var line = documents[index].Line;
            if (documents[index].CreateOnly && known.ContainsKey(incoming.DocumentId))
            {
                results[index] = new IngestItemResult(incoming.DocumentId, IngestItemResult.Conflict, null, line);
                continue;
            }
            if (!known.TryGetValue(incoming.DocumentId, out var existing))
            {
                db.AuditEvents.Add(incoming);
                known[incoming.DocumentId] = incoming;
                results[index] = new IngestItemResult(incoming.DocumentId, IngestItemResult.Created, null, line);
                continue;
            }
            // A changed re-send replaces the fields; the same document twice in one batch is still one new event, the later copy winning.
            if (existing.ContentHash != incoming.ContentHash)
            {
                CopyFields(incoming, existing, now);
            }
            results[index] = new IngestItemResult(incoming.DocumentId, IngestItemResult.Updated, null, line);
        }
        return true;
    }

    private static void CopyFields(AuditEvent from, AuditEvent to, DateTimeOffset now)
    {
        to.Timestamp = from.Timestamp;
        to.UpdatedAt = now;
        to.Category = from.Category;
        to.Action = from.Action;
        to.Outcome = from.Outcome;
        to.UserName = from.UserName;
        to.UserId = from.UserId;
        to.TargetUserName = from.TargetUserName;
        to.HostName = from.HostName;
        to.SourceIp = from.SourceIp;
        to.Summary = from.Summary;
        to.RawDocument = from.RawDocument;
        to.ContentHash = from.ContentHash;
    }
}
