using System.Text.Json;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Responses;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.WriteBack;

/// <summary>
/// Writes SecOps's statuses to their source documents, a batch at a time: one search finds each document's index and
/// <c>_seq_no</c>, one <c>_bulk</c> writes every status that is still SecOps's to write (each only if the document is
/// unchanged since that read), and the documents that changed in between (409) are read again with one realtime
/// <c>_mget</c> and decided again, round after round, so a conflict is resolved and never dropped. The later change wins:
/// when the source's status was set after SecOps's, SecOps takes the source's status (through <see cref="KibanaStatusSync"/>,
/// with a history entry saying why) instead of overwriting it.
/// </summary>
public sealed class SourceStatusWriter(IElasticsearchClient client, KibanaStatusSync statusSync, ILogger<SourceStatusWriter> logger)
{
    /// <summary>Rounds of version conflicts in one batch before it is given up for now (and retried with backoff).</summary>
    public const int MaxConflictRounds = 5;

    // One lookup search returns at most 10,000 hits (index.max_result_window); half of it leaves room for documents in two indices.
    private const int MaxSearchSize = 10_000;
    private const int MaxLookup = MaxSearchSize / 2;

    private enum Decision
    {
        InSync,
        Write,
        SourceWins,
        SourceLaterButUnreadable,
        NoStatusField,
    }

    /// <summary>One source document and what was last read of it.</summary>
    private sealed class Target(PendingStatus pending, string index, long? seqNo, long? primaryTerm, JsonElement? source)
    {
        public PendingStatus Pending { get; } = pending;
        public string Index { get; } = index;
        public long? SeqNo { get; set; } = seqNo;
        public long? PrimaryTerm { get; set; } = primaryTerm;
        public JsonElement? Source { get; set; } = source;

        /// <summary>The status text before the latest re-read, once the document has been read twice.</summary>
        public string? EarlierStatus { get; set; }

        public bool Reread { get; set; }
    }

    public async Task<WriteBackTally> WriteAsync(WriteBackFields fields, IReadOnlyList<PendingStatus> batch, CancellationToken cancellationToken)
    {
        var tally = new WriteBackTally();
        foreach (var chunk in batch.Chunk(MaxLookup))
        {
            await WriteChunkAsync(fields, chunk, tally, cancellationToken);
        }
        return tally;
    }

    private async Task WriteChunkAsync(WriteBackFields fields, IReadOnlyList<PendingStatus> batch, WriteBackTally tally, CancellationToken cancellationToken)
    {
        var targets = await LocateAsync(fields, batch, tally, cancellationToken);
        for (var round = 1; targets.Count > 0; round++)
        {
            var writes = new List<Target>();
            var sourceWins = new List<SourceStatusChange>();
            foreach (var target in targets)
            {
                switch (Decide(fields, target, out var sourceStatus, out var sourceTime))
                {
                    case Decision.InSync:
                        tally.InSync++;
                        break;
                    case Decision.Write:
                        writes.Add(target);
                        break;
                    case Decision.SourceWins:
                        // Without the source's own time, the SecOps change being written is the bound: an analyst change made after it still wins.
                        sourceWins.Add(new SourceStatusChange(target.Pending.DocumentId, sourceStatus, sourceTime ?? target.Pending.ChangedAt, Why(target, sourceTime)));
                        break;
                    case Decision.SourceLaterButUnreadable:
                        logger.LogWarning("Document {Id} in {Index} has a status SecOps does not know, set after SecOps's change; neither side is changed",
                            target.Pending.DocumentId, target.Index);
                        tally.Skipped++;
                        break;
                    default:
                        // Kibana's own status update touches only alerts that have the field; so does this one.
                        tally.Skipped++;
                        break;
                }
            }
            if (sourceWins.Count > 0)
            {
                await statusSync.ApplyAsync(sourceWins, cancellationToken);
                tally.SourceKept += sourceWins.Count;
            }
            if (writes.Count == 0)
            {
                break;
            }
            if (round > MaxConflictRounds)
            {
                throw new WriteBackException(DegradedReason.SourceError,
                    $"{writes.Count} documents kept changing while their status was written ({MaxConflictRounds} rounds of version conflicts)");
            }
            var conflicts = await BulkAsync(fields, writes, tally, cancellationToken);
            targets = conflicts.Count == 0 ? [] : await RereadAsync(fields, conflicts, tally, cancellationToken);
        }
    }

    /// <summary>Finds each document's index and version with one search; documents no alert index holds any more are skipped.</summary>
    private async Task<List<Target>> LocateAsync(WriteBackFields fields, IReadOnlyList<PendingStatus> batch, WriteBackTally tally, CancellationToken cancellationToken)
    {
        var byDocument = new Dictionary<string, PendingStatus>(StringComparer.Ordinal);
        foreach (var pending in batch)
        {
            byDocument[pending.DocumentId] = pending;
        }
        var response = await client.SearchAsync(fields.Indices, new SearchRequest
        {
            Query = Query.Ids(byDocument.Keys),
            // Room for a document that appears in two indices (it is then written in both).
            Size = byDocument.Count * 2,
            SourceIncludes = fields.All,
            SeqNoPrimaryTerm = true,
            TrackTotalHits = TrackTotalHits.Disabled,
        }, cancellationToken);
        if (response.Warnings.Count > 0)
        {
            // A document on a failed shard would look deleted; nothing is decided on a partial answer.
            throw new WriteBackException(DegradedReason.PartialResults, "some shards failed while looking up documents; retrying");
        }
        var targets = new List<Target>();
        foreach (var hit in response.Hits.Hits)
        {
            if (byDocument.TryGetValue(hit.Id, out var pending))
            {
                targets.Add(new Target(pending, hit.Index, hit.SeqNo, hit.PrimaryTerm, hit.Source));
            }
        }
        var found = targets.Select(t => t.Pending.DocumentId).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in byDocument.Keys.Where(id => !found.Contains(id)))
        {
            logger.LogInformation("Document {Id} is no longer in {Indices}; its status is not written back", missing, fields.Indices);
            tally.Skipped++;
        }
        return targets;
    }

    private static Decision Decide(WriteBackFields fields, Target target, out AlertStatus sourceStatus, out DateTimeOffset? sourceTime)
    {
        sourceStatus = AlertStatus.Open;
        sourceTime = null;
        var document = target.Source is { ValueKind: JsonValueKind.Object } source ? new FlatDocument(source) : null;
        if (document?.Get(fields.StatusField) is not { ValueKind: not JsonValueKind.Null } statusValue)
        {
            return Decision.NoStatusField;
        }
        var statusText = FlatDocument.AsString(statusValue);
        var known = AlertVocabulary.TryParseStatus(statusText, out sourceStatus);
        if (known && sourceStatus == target.Pending.Status)
        {
            return Decision.InSync;
        }
        sourceTime = fields.StatusTimeField is { } timeField && document.Get(timeField) is { } timeValue ? AlertDocumentMapper.ParseTime(timeValue) : null;
        // Without a time at the source, a status that changed between two reads was set after SecOps's change (which came before the first read).
        var sourceLater = sourceTime is { } at ? at > target.Pending.ChangedAt : target.Reread && !string.Equals(statusText, target.EarlierStatus, StringComparison.Ordinal);
        return !sourceLater ? Decision.Write : known ? Decision.SourceWins : Decision.SourceLaterButUnreadable;
    }

    private static string Why(Target target, DateTimeOffset? sourceTime) => sourceTime is { } at
        ? $"Status changed in Kibana at {at:O}, after SecOps's change at {target.Pending.ChangedAt:O}: the later change wins, so SecOps's status was not written back"
        : "Status changed in Kibana while SecOps's change was being written back: the later change wins, so SecOps's status was not written back";

    /// <summary>Writes the statuses with one <c>_bulk</c>; returns the documents that changed since they were read (409).</summary>
    private async Task<List<Target>> BulkAsync(WriteBackFields fields, List<Target> writes, WriteBackTally tally, CancellationToken cancellationToken)
    {
        var operations = writes.Select(t => BulkOperation.UpdateDocument(t.Index, t.Pending.DocumentId,
            StatusPatch.Build(fields, t.Source, t.Pending.Status, t.Pending.ChangedAt)) with { IfSeqNo = t.SeqNo, IfPrimaryTerm = t.PrimaryTerm }).ToList();
        var response = await client.BulkAsync(operations, cancellationToken: cancellationToken);
        var items = response.Items;
        if (items.Count != operations.Count)
        {
            throw new ElasticsearchProtocolException(200, $"the bulk answer has {items.Count} items for {operations.Count} operations");
        }
        var conflicts = new List<Target>();
        for (var i = 0; i < items.Count; i++)
        {
            var (target, item) = (writes[i], items[i]);
            if (item.Succeeded)
            {
                tally.Written++;
                continue;
            }
            var status = item.Result.Status;
            var type = item.Result.Error?.Type ?? "unknown_error";
            var reason = item.Result.Error?.Reason ?? "";
            switch (status)
            {
                case 409:
                    conflicts.Add(target);
                    break;
                case 404:
                    logger.LogInformation("Document {Id} in {Index} was deleted before its status was written ({Type})", target.Pending.DocumentId, target.Index, type);
                    tally.Skipped++;
                    break;
                case 401 or 403 or 408 or 429 or >= 500:
                    // Credentials, privileges, throttling or an unhealthy shard: nothing is wrong with the document, so the batch waits.
                    throw new ElasticsearchException(status, type, reason, item.Result.Error);
                default:
                    logger.LogWarning("Elasticsearch refused the status of document {Id} in {Index}: {Status} {Type}: {Reason}",
                        target.Pending.DocumentId, target.Index, status, type, reason);
                    tally.Refused++;
                    tally.LastRefusal = $"{status} {type} for a document in {target.Index}";
                    break;
            }
        }
        return conflicts;
    }

    /// <summary>Reads the conflicting documents again, realtime, with one <c>_mget</c>.</summary>
    private async Task<List<Target>> RereadAsync(WriteBackFields fields, List<Target> conflicts, WriteBackTally tally, CancellationToken cancellationToken)
    {
        var response = await client.MultiGetAsync([.. conflicts.Select(t => new MultiGetItem(t.Index, t.Pending.DocumentId))], fields.All, cancellationToken);
        if (response.Docs.Count != conflicts.Count)
        {
            throw new ElasticsearchProtocolException(200, $"the multi-get answer has {response.Docs.Count} documents for {conflicts.Count} requested");
        }
        var again = new List<Target>();
        for (var i = 0; i < conflicts.Count; i++)
        {
            var (target, result) = (conflicts[i], response.Docs[i]);
            if (result.Error is { } error && error.Type != "index_not_found_exception")
            {
                throw new WriteBackException(DegradedReason.SourceError, $"reading a changed document again failed ({error.Type})");
            }
            if (result.Error is not null || !result.Found)
            {
                tally.Skipped++;
                continue;
            }
            target.EarlierStatus = target.Source is { ValueKind: JsonValueKind.Object } before && new FlatDocument(before).Get(fields.StatusField) is { } value
                ? FlatDocument.AsString(value) : null;
            target.Reread = true;
            target.Source = result.Source;
            target.SeqNo = result.SeqNo;
            target.PrimaryTerm = result.PrimaryTerm;
            again.Add(target);
        }
        return again;
    }
}
