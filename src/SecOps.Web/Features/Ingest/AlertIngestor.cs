using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Suppression;

namespace SecOps.Web.Features.Ingest;

/// <summary>
/// Idempotent upsert of alert documents. A new id is stored (201); a known id with changed content has
/// its source fields updated and its triage state left alone (200); an identical repeat changes nothing
/// (200). The whole batch commits as one, so a request is never half-stored. A create-only document
/// (<see cref="IngestDocument.CreateOnly"/>) with a known id is refused (409) and the stored alert left alone;
/// the check runs inside the unit of work, under the store's write lock.
/// </summary>
public sealed class AlertIngestor(StoreWriter writer, AccessGuard access, Suppressions suppressions, TimeProvider time)
{
    public async Task<IReadOnlyList<IngestItemResult>> IngestAsync(Actor actor, IReadOnlyList<IngestDocument> documents, string source, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsIngest, "alerts.ingest", null, cancellationToken);
        var now = time.GetUtcNow();
        var results = new IngestItemResult[documents.Count];
        var accepted = new List<(int Index, Alert Alert)>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            if (document.Json is null)
            {
                results[i] = new IngestItemResult("", IngestItemResult.Rejected, document.Error, document.Line);
                continue;
            }
            var mapped = AlertDocumentMapper.Map(document, source, now);
            if (mapped.Alert is null)
            {
                results[i] = new IngestItemResult(mapped.DocumentId ?? "", IngestItemResult.Rejected, mapped.Error, document.Line);
                continue;
            }
            accepted.Add((i, mapped.Alert));
        }
        if (accepted.Count > 0)
        {
            await writer.WriteAsync((db, changes, ct) => UpsertAsync(db, changes, accepted, results, documents, now, ct), cancellationToken);
        }
        return results;
    }

    private async Task<bool> UpsertAsync(
        SecOpsDbContext db, ChangeSet changes, List<(int Index, Alert Alert)> accepted, IngestItemResult[] results,
        IReadOnlyList<IngestDocument> documents, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = accepted.Select(a => a.Alert.DocumentId).Distinct().ToList();
        var known = await db.Alerts.Where(a => ids.Contains(a.DocumentId)).ToDictionaryAsync(a => a.DocumentId, cancellationToken);
        var created = new List<Alert>();
        var createdIds = new HashSet<string>(StringComparer.Ordinal);
        var matched = new Dictionary<int, int>();
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
                if (await suppressions.ApplyAsync(db, incoming, cancellationToken) is { } rule)
                {
                    matched[rule.Id] = matched.GetValueOrDefault(rule.Id) + 1;
                }
                known[incoming.DocumentId] = incoming;
                changes.Add(ChangeKind.AlertCreated, incoming);
                created.Add(incoming);
                createdIds.Add(incoming.DocumentId);
                results[index] = new IngestItemResult(incoming.DocumentId, IngestItemResult.Created, null, line);
                continue;
            }
            if (createdIds.Contains(existing.DocumentId))
            {
                // The same document twice in one batch: the later copy wins, still one new alert.
                CopySourceFields(incoming, existing, now);
                results[index] = new IngestItemResult(incoming.DocumentId, IngestItemResult.Updated, null, line);
                continue;
            }
            if (existing.ContentHash != incoming.ContentHash)
            {
                CopySourceFields(incoming, existing, now);
                changes.Add(ChangeKind.AlertUpdated, existing);
            }
            results[index] = new IngestItemResult(incoming.DocumentId, IngestItemResult.Updated, null, line);
        }
        await AlertRows.InsertAsync(db, created, cancellationToken);
        await Suppressions.RecordAsync(db, created, matched, now, cancellationToken);
        return true;
    }

    /// <summary>Source fields only: status, assignee and history belong to SecOps and a re-sent document never resets them.</summary>
    private static void CopySourceFields(Alert from, Alert to, DateTimeOffset now)
    {
        to.EventTime = from.EventTime;
        to.AlertTime = from.AlertTime;
        to.UpdatedAt = now;
        to.RuleName = from.RuleName;
        to.RuleId = from.RuleId;
        to.Severity = from.Severity;
        to.RiskScore = from.RiskScore;
        to.Reason = from.Reason;
        to.MitreTactic = from.MitreTactic;
        to.MitreTechnique = from.MitreTechnique;
        to.HostName = from.HostName;
        to.UserName = from.UserName;
        to.SourceIp = from.SourceIp;
        to.DestinationIp = from.DestinationIp;
        to.EventCategory = from.EventCategory;
        to.EventAction = from.EventAction;
        to.Fingerprint = from.Fingerprint;
        to.RawDocument = from.RawDocument;
        to.ContentHash = from.ContentHash;
    }
}
