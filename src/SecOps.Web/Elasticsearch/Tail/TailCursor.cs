using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Elasticsearch.Responses;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// One cursor of a tail: each poll reads every document whose <see cref="_timeField"/> is at or after (checkpoint − look-back),
/// sorted by (time, tiebreaker) and paged with <c>search_after</c>, skips those already ingested unchanged, feeds the rest
/// to the ingest pipeline page by page, and advances the persisted checkpoint only after a page was committed.
/// The alert cursor sorts on the document time; the status cursor on the time the source last changed the status.
/// </summary>
internal sealed class TailCursor(
    string name, string timeField, SourcePreset preset, TailContext context)
{
    private static readonly Actor TailActor = new("elasticsearch", "Elasticsearch source", new HashSet<Permission> { Permission.AlertsIngest });

    // Document id → (content hash, sort time): what this cursor has seen inside the look-back window.
    private readonly Dictionary<string, (string Hash, DateTimeOffset Time)> _seen = new(StringComparer.Ordinal);
    private readonly string _timeField = timeField;
    private SourceCheckpoint? _checkpoint;
    private bool _loaded;

    public string Name { get; } = name;

    public SourceCheckpoint? Checkpoint => _checkpoint;

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
            if (!preset.TiebreakerUnique && hits.Count == pageSize && last.Sort is { Length: 2 } tie)
            {
                // search_after skips documents with the same (time, tiebreaker) as the last hit; read them all now.
                var tied = await context.Client.SearchAsync(context.Index, TieRequest(tie, pageSize), cancellationToken);
                partial |= tied.Warnings.Count > 0;
                batch = [.. hits, .. tied.Hits.Hits];
            }
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
        Query = Query.Bool().WithFilter([Query.Range(_timeField).GreaterThanOrEqual(from), .. Filters()]),
        Sort = [new SortField(_timeField, SortOrder.Asc, unmappedType: "date"), new SortField(preset.TiebreakerField, SortOrder.Asc, unmappedType: "keyword")],
        SearchAfter = after,
        Size = size,
        TrackTotalHits = TrackTotalHits.Disabled,
    };

    private SearchRequest TieRequest(JsonElement[] key, int size)
    {
        var at = ParseTime(key[0]);
        return new SearchRequest
        {
            Query = Query.Bool().WithFilter([Query.Range(_timeField).GreaterThanOrEqual(at).LessThanOrEqual(at), Query.Term(preset.TiebreakerField, key[1]), .. Filters()]),
            Size = size,
            TrackTotalHits = TrackTotalHits.Disabled,
        };
    }

    private IEnumerable<Query> Filters() => preset.Filters.Select(f => f.Values.Count == 1
        ? (Query)Query.Term(f.Field, f.Values[0])
        : Query.Terms(f.Field, f.Values.Select(v => (FieldValue)v)));

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
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        if (unknown.Count > 0)
        {
            await using var db = await context.Contexts.CreateDbContextAsync(cancellationToken);
            stored = await db.Alerts.AsNoTracking().Where(a => unknown.Contains(a.DocumentId))
                .ToDictionaryAsync(a => a.DocumentId, a => a.ContentHash, StringComparer.Ordinal, cancellationToken);
        }
        var fresh = candidates.Where(c => !(stored.TryGetValue(c.Id, out var hash) && hash == c.Hash)).ToList();
        if (fresh.Count > 0)
        {
            var documents = fresh.Select(c => new IngestDocument(null, c.Json, null, c.Id)).ToList();
            var results = await context.Ingestor.IngestAsync(TailActor, documents, AlertTail.IngestSource, cancellationToken);
            foreach (var rejected in results.Where(r => r.Status == IngestItemResult.Rejected))
            {
                context.Logger.LogWarning("Elasticsearch document {Id} was rejected by the ingest pipeline: {Error}", rejected.Id, rejected.Error);
            }
            await ApplyStatusAsync(fresh.Select(f => (f.Id, f.Json)), cancellationToken);
            context.Ingested(fresh.Count);
        }
        foreach (var c in candidates)
        {
            _seen[c.Id] = (c.Hash, c.Time);
        }
    }

    private async Task ApplyStatusAsync(IEnumerable<(string Id, JsonElement Json)> documents, CancellationToken cancellationToken)
    {
        if (preset.StatusField is not { } statusField)
        {
            return;
        }
        var changes = new List<SourceStatusChange>();
        foreach (var (id, json) in documents)
        {
            var doc = new FlatDocument(json);
            if (AlertVocabulary.TryParseStatus(doc.String(statusField), out var status))
            {
                var changedAt = preset.StatusTimeField is { } f && doc.Get(f) is { } value ? AlertDocumentMapper.ParseTime(value) : null;
                changes.Add(new SourceStatusChange(id, status, changedAt));
            }
        }
        await context.StatusSync.ApplyAsync(changes, cancellationToken);
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

/// <summary>What the cursors of one tail share.</summary>
internal sealed record TailContext(
    IElasticsearchClient Client, string Index, AlertIngestor Ingestor, KibanaStatusSync StatusSync, IDbContextFactory<SecOpsDbContext> Contexts,
    StoreWriter Writer, ElasticsearchOptions Options, TailOptions TailOptions, TimeProvider Time, ILogger Logger, Action<int> Ingested);
