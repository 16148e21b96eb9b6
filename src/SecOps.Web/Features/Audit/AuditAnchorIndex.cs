using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// The optional Elasticsearch copy of the anchors (<see cref="AuditOptions.ElasticsearchAnchorIndex"/>): one document per anchor
/// whose id is its number, created with op_type create so an anchor already there is never overwritten (a second instance or a
/// restart anchoring the same head gets a 409, which counts as done). Anchoring never waits for Elasticsearch: the file anchor
/// hands the anchor over (<see cref="Offer"/>) and <see cref="AuditAnchorIndexing"/> sends it. Only the newest anchor is kept
/// waiting, because it covers every record before it; a failed send is retried on the next interval with whatever is newest then.
/// </summary>
public sealed class AuditAnchorIndex(IElasticsearchClient client, IOptions<AuditOptions> options, ILogger<AuditAnchorIndex> logger)
{
    private const int PageSize = 1000;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _offered = new(0, 1);
    private AuditAnchor? _waiting;
    private long _lastIndexed;

    public string? IndexName { get; } = string.IsNullOrWhiteSpace(options.Value.ElasticsearchAnchorIndex) ? null : options.Value.ElasticsearchAnchorIndex;

    public bool Enabled => IndexName is not null;

    /// <summary>The highest number this process indexed, or found already indexed (0 before the first).</summary>
    public long LastIndexed => Interlocked.Read(ref _lastIndexed);

    /// <summary>Hands an anchor over to be indexed; returns at once. An older anchor than the one waiting is dropped.</summary>
    public void Offer(AuditAnchor anchor)
    {
        if (!Enabled)
        {
            return;
        }
        lock (_lock)
        {
            if (anchor.Sequence <= Math.Max(_waiting?.Sequence ?? 0, LastIndexed))
            {
                return;
            }
            _waiting = anchor;
        }
        if (_offered.CurrentCount == 0)
        {
            try
            {
                _offered.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another offer signalled in between; one signal is enough.
            }
        }
    }

    /// <summary>Waits until an anchor is offered.</summary>
    public Task WaitForOfferAsync(CancellationToken cancellationToken) => _offered.WaitAsync(cancellationToken);

    /// <summary>Indexes the waiting anchor, if any. False when Elasticsearch failed (logged; the anchor stays waiting).</summary>
    public async Task<bool> SendAsync(CancellationToken cancellationToken)
    {
        AuditAnchor? anchor;
        lock (_lock)
        {
            anchor = _waiting;
        }
        if (anchor is null || IndexName is not { } index)
        {
            return true;
        }
        try
        {
            var document = JsonSerializer.SerializeToNode(anchor, AnchorJson.Default.AuditAnchor)!.AsObject();
            await client.CreateAsync(index, anchor.Sequence.ToString(CultureInfo.InvariantCulture), document, cancellationToken: cancellationToken);
        }
        catch (ElasticsearchException e) when (e.IsVersionConflict)
        {
            // Already anchored (another instance, or this head again after a restart); verification compares the two.
            logger.LogDebug("Audit anchor {Sequence} is already in {Index}.", anchor.Sequence, index);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not index audit anchor {Sequence} in Elasticsearch index {Index} ({Error}); the file anchor stands, trying again in {Interval}.",
                anchor.Sequence, index, e.Message, options.Value.AnchorInterval);
            return false;
        }
        lock (_lock)
        {
            if (anchor.Sequence > LastIndexed)
            {
                Interlocked.Exchange(ref _lastIndexed, anchor.Sequence);
            }
            if (ReferenceEquals(_waiting, anchor))
            {
                _waiting = null;
            }
        }
        return true;
    }

    /// <summary>
    /// Every anchor in the index, by number, read in pages; an index that does not exist yet holds none. Documents that are not
    /// well-formed anchors are counted, not trusted. Throws when Elasticsearch cannot answer completely.
    /// </summary>
    public async Task<(IReadOnlyList<AuditAnchor> Anchors, int Unreadable)> ReadAsync(CancellationToken cancellationToken)
    {
        var index = IndexName ?? throw new InvalidOperationException("No Elasticsearch anchor index is configured.");
        var anchors = new List<AuditAnchor>();
        var unreadable = 0;
        IReadOnlyList<FieldValue>? after = null;
        while (true)
        {
            SearchResponse page;
            try
            {
                page = await client.SearchAsync(index, new SearchRequest
                {
                    Sort = [new SortField("sequence", unmappedType: "long")],
                    SearchAfter = after,
                    Size = PageSize,
                    TrackTotalHits = TrackTotalHits.Disabled,
                }, cancellationToken);
            }
            catch (ElasticsearchException e) when (e.Type == "index_not_found_exception")
            {
                return (anchors, 0);
            }
            if (page.Warnings.Count > 0)
            {
                throw new InvalidOperationException($"{page.Warnings.Count} shard(s) of {index} did not answer, so its anchors are incomplete.");
            }
            foreach (var hit in page.Hits.Hits)
            {
                if (Parse(hit) is { } anchor)
                {
                    anchors.Add(anchor);
                }
                else
                {
                    unreadable++;
                }
            }
            if (page.Hits.Hits.Count < PageSize)
            {
                return (anchors, unreadable);
            }
            after = [page.Hits.Hits[^1].Sort is [var last] ? last : throw new InvalidOperationException("A search hit came back without its sort value.")];
        }
    }

    private static AuditAnchor? Parse(Hit hit)
    {
        try
        {
            var anchor = hit.Source is { } source ? source.Deserialize(AnchorJson.Default.AuditAnchor) : null;
            // The document's id is its number: a document under another id is not trusted.
            return anchor is { Sequence: > 0, Mac.Length: AuditChain.MacLength } && hit.Id == anchor.Sequence.ToString(CultureInfo.InvariantCulture) ? anchor : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
