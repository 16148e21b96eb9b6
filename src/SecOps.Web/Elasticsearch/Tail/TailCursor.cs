using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Elasticsearch.Responses;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// One cursor of a tail: each poll reads every document whose <see cref="_timeField"/> is at or after (checkpoint − look-back),
/// sorted by (time, tiebreaker) and paged with <c>search_after</c>, skips those already ingested unchanged, hands the rest
/// to the tail's <see cref="ITailSink"/> page by page, and advances the persisted checkpoint only after a page was committed.
/// The alert cursor sorts on the document time; the status cursor on the time the source last changed the status; the audit
/// cursor on the audit event's time.
/// </summary>
internal sealed class TailCursor(
    string name, string timeField, SourcePreset preset, TailContext context)
{
    // Document id → (content hash, sort time): what this cursor has seen inside the look-back window.
    private readonly Dictionary<string, (string Hash, DateTimeOffset Time)> _seen = new(StringComparer.Ordinal);
    private readonly string _timeField = timeField;
    private SourceCheckpoint? _checkpoint;
    private bool _loaded;

    public string Name { get; } = name;

    public SourceCheckpoint? Checkpoint => _checkpoint;

    /// <summary>Drops what this cursor remembers (checkpoint, documents seen), so the next poll starts from the store.</summary>
    public void Forget()
    {
        _loaded = false;
        _checkpoint = null;
        _seen.Clear();
    }

    /// <summary>Reads the source once to its end; true when a page reported partial results (the checkpoint then stays put).</summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            await using var db = await context.Contexts.CreateDbContextAsync(cancellationToken);
            _checkpoint = await db.Set<SourceCheckpoint>().AsNoTracking().FirstOrDefaultAsync(c => c.Source == Name, cancellationToken);
            _loaded = true;
        }
        var lookBack = context.Options.LookBack;
        var from = _checkpoint is { } c ? c.LastTime - lookBack : context.Time.GetUtcNow() - (context.TailOptions.InitialLookBack ?? lookBack);
        foreach (var stale in _seen.Where(s => s.Value.Time < from).Select(s => s.Key).ToList())
        {
            _seen.Remove(stale);
        }
        var pageSize = context.TailOptions.PageSize;
        var partial = false;
        IReadOnlyList<FieldValue>? after = null;
        while (true)
        {
            var response = await context.Client.SearchAsync(context.Index, Request(from, after, pageSize), cancellationToken);
            partial |= response.Warnings.Count > 0;
            var hits = response.Hits.Hits;
            if (hits.Count == 0)
            {
                break;
            }
            var last = hits[^1];
            var batch = hits;
            if ((!preset.TiebreakerUnique || last.Sort is [_, { ValueKind: JsonValueKind.Null }]) && hits.Count == pageSize && last.Sort is { Length: 2 } tie)
            {
                // search_after skips documents with the same (time, tiebreaker) as the last hit; read them all now. A document
                // without the tiebreaker field is never unique: every such document of that millisecond ties with it.
                var tied = await context.Client.SearchAsync(context.Index, TieRequest(tie, pageSize), cancellationToken);
                partial |= tied.Warnings.Count > 0;
                batch = [.. hits, .. tied.Hits.Hits];
            }
            // The lease is renewed per page, not only per poll, so a long catch-up never outlives it; if another instance
            // took the source meanwhile, this one stops before writing anything.
            await context.KeepLeaseAsync(cancellationToken);
            await IngestAsync(batch, cancellationToken);
            if (!partial && last.Sort is { Length: 2 } key)
            {
                await AdvanceAsync(ParseTime(key[0]), TiebreakerText(key[1]), cancellationToken);
            }
            if (hits.Count < pageSize || last.Sort is not { Length: 2 } sort)
            {
                break;
            }
            after = [.. sort.Select(v => (FieldValue)v)];
        }
        return partial;
    }

    private SearchRequest Request(DateTimeOffset from, IReadOnlyList<FieldValue>? after, int size) => new()
    {
        Query = Query.Bool().WithFilter([Query.Range(_timeField).GreaterThanOrEqual(from), .. Filters()]).WithMustNot(context.Exclusions),
        Sort = [new SortField(_timeField, SortOrder.Asc, unmappedType: "date"), new SortField(preset.TiebreakerField, SortOrder.Asc, unmappedType: "keyword")],
        SearchAfter = after,
        Size = size,
        TrackTotalHits = TrackTotalHits.Disabled,
    };

    private SearchRequest TieRequest(JsonElement[] key, int size)
    {
        var at = ParseTime(key[0]);
        var sameTime = Query.Bool().WithFilter([Query.Range(_timeField).GreaterThanOrEqual(at).LessThanOrEqual(at), .. Filters()]).WithMustNot(context.Exclusions);
        return new SearchRequest
        {
            Query = key[1].ValueKind == JsonValueKind.Null
                ? sameTime.WithMustNot(Query.Exists(preset.TiebreakerField))
                : sameTime.WithFilter(Query.Term(preset.TiebreakerField, key[1])),
            Size = size,
            TrackTotalHits = TrackTotalHits.Disabled,
        };
    }

    private IEnumerable<Query> Filters() => preset.Filters.Select(f => f.ToQuery());

    private async Task IngestAsync(IReadOnlyList<Hit> hits, CancellationToken cancellationToken)
    {
        var candidates = new List<(string Id, JsonElement Json, string Hash, DateTimeOffset Time)>(hits.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            if (hit.Source is not { ValueKind: JsonValueKind.Object } source || !ids.Add(hit.Id))
            {
                continue;
            }
            var json = PresetDocument.Apply(preset, source);
            var hash = FlatDocument.CanonicalHash(json);
            var time = hit.Sort is { Length: > 0 } sort ? ParseTime(sort[0]) : context.Time.GetUtcNow();
            if (_seen.TryGetValue(hit.Id, out var seen) && seen.Hash == hash)
            {
                continue;
            }
            candidates.Add((hit.Id, json, hash, time));
        }
        // After a restart the look-back is re-read with nothing seen yet: the store says what is already there unchanged.
        var unknown = candidates.Where(c => !_seen.ContainsKey(c.Id)).Select(c => c.Id).ToList();
        var stored = unknown.Count > 0 ? await context.Sink.StoredHashesAsync(unknown, cancellationToken) : new Dictionary<string, string>(StringComparer.Ordinal);
        var fresh = candidates.Where(c => !(stored.TryGetValue(c.Id, out var hash) && hash == c.Hash)).ToList();
        if (fresh.Count > 0)
        {
            var documents = fresh.Select(c => new IngestDocument(null, c.Json, null, c.Id)).ToList();
            var results = await context.Sink.IngestAsync(documents, cancellationToken);
            foreach (var rejected in results.Where(r => r.Status == IngestItemResult.Rejected))
            {
                context.Logger.LogWarning("Elasticsearch document {Id} was rejected by the ingest pipeline: {Error}", rejected.Id, rejected.Error);
            }
            context.Ingested(fresh.Count);
        }
        foreach (var c in candidates)
        {
            _seen[c.Id] = (c.Hash, c.Time);
        }
    }

    /// <summary>Moves the checkpoint forward (never back: the look-back's first pages sort before it).</summary>
    private async Task AdvanceAsync(DateTimeOffset time, string? tiebreaker, CancellationToken cancellationToken)
    {
        if (_checkpoint is { } current && (time < current.LastTime || (time == current.LastTime && string.CompareOrdinal(tiebreaker, current.LastTiebreaker) <= 0)))
        {
            return;
        }
        var now = context.Time.GetUtcNow();
        await context.Writer.WriteAsync(async (db, _, ct) =>
        {
            var row = await db.Set<SourceCheckpoint>().FirstOrDefaultAsync(c => c.Source == Name, ct);
            if (row is null)
            {
                row = new SourceCheckpoint { Source = Name };
                db.Add(row);
            }
            row.LastTime = time;
            row.LastTiebreaker = tiebreaker;
            row.UpdatedAt = now;
            return true;
        }, cancellationToken);
        _checkpoint = new SourceCheckpoint { Source = Name, LastTime = time, LastTiebreaker = tiebreaker, UpdatedAt = now };
    }

    internal static DateTimeOffset ParseTime(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : AlertDocumentMapper.ParseTime(value) ?? throw new ElasticsearchProtocolException(200, $"sort value {value.GetRawText()} is not a time");

    private static string? TiebreakerText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}

/// <summary>
/// What the cursors of one tail share: where they read, the sink their pages go to, and the clauses every search excludes
/// (the audit tail's <see cref="Features.AuditEvents.OwnAuditRecords.Exclusion"/>).
/// </summary>
internal sealed record TailContext(
    IElasticsearchClient Client, string Index, ITailSink Sink, IDbContextFactory<SecOpsDbContext> Contexts,
    StoreWriter Writer, StoreLeases Leases, string LeaseName, ElasticsearchOptions Options, TailOptions TailOptions, TimeProvider Time, ILogger Logger, Action<int> Ingested)
{
    public IReadOnlyList<Query> Exclusions { get; init; } = [];

    /// <summary>Renews this source's lease; throws <see cref="LeaseLostException"/> when this instance no longer holds it without a gap.</summary>
    public async Task KeepLeaseAsync(CancellationToken cancellationToken)
    {
        if (await Leases.HoldAsync(LeaseName, TailOptions.LeaseDuration, cancellationToken) != LeaseHold.Renewed)
        {
            throw new LeaseLostException(LeaseName);
        }
    }
}
