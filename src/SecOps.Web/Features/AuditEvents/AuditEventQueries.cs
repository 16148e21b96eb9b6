using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Elasticsearch.Responses;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.AuditEvents;

/// <summary>
/// Reads audit events about a set of users and hosts in a time window, newest first and bounded: from the store, or from
/// Elasticsearch on demand (the incident timeline asks the source, which holds far more than was tailed). Both take the same
/// <see cref="EventFilter"/>; the Elasticsearch query is typed DSL over <c>AuditIndices</c> with the audit preset's filters,
/// and never returns SecOps's own shipped records. Reading needs <see cref="Permission.AlertsRead"/>, like the alert read API.
/// </summary>
public sealed class AuditEventQueries(
    IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, IElasticsearchClient client, IOptions<ElasticsearchOptions> options,
    IOptions<IngestOptions> limits, IConfiguration configuration, TimeProvider time)
{
    /// <summary>The <c>source</c> of events read from Elasticsearch on demand (they are not stored).</summary>
    public const string SourceSearch = "elasticsearch";

    /// <summary>Whether an Elasticsearch source is configured, so <see cref="SearchSourceAsync"/> can run.</summary>
    public bool SourceConfigured => options.Value.Nodes.Count > 0 && options.Value.AuditIndices.Count > 0;

    public async Task<IReadOnlyList<AuditEventView>> ListAsync(Actor actor, EventFilter filter, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "audit-events.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Matching(db, filter).OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Take(filter.Limit).ToListAsync(cancellationToken);
        return [.. rows.Select(AuditEventView.From)];
    }

    /// <summary>
    /// A page of <see cref="ListAsync"/>'s answer: the events after <paramref name="after"/> (older, or at the same time
    /// with a lower id), so pages never overlap or leave a gap however many events share a time; with the count of all.
    /// </summary>
    public async Task<AuditEventSlice> ListPageAsync(Actor actor, EventFilter filter, AuditEventCursor? after, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "audit-events.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matching = Matching(db, filter);
        var page = matching;
        if (after is not null)
        {
            var (at, id) = (after.At, after.Id);
            page = page.Where(e => e.Timestamp < at || (e.Timestamp == at && e.Id < id));
        }
        // One more than a page tells whether another follows without a second query.
        var rows = await page.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Take(filter.Limit + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(filter.Limit).ToList();
        var next = rows.Count > filter.Limit ? new AuditEventCursor(shown[^1].Timestamp, shown[^1].Id) : null;
        return new AuditEventSlice([.. shown.Select(AuditEventView.From)], next, await matching.LongCountAsync(cancellationToken));
    }

    private static IQueryable<AuditEvent> Matching(SecOpsDbContext db, EventFilter filter)
    {
        var (users, hosts) = (filter.Users, filter.Hosts);
        var events = db.AuditEvents.AsNoTracking().Where(e => e.Timestamp >= filter.From && e.Timestamp <= filter.To);
        if (filter.HasEntities)
        {
            events = events.Where(e => users.Contains(e.UserName!) || users.Contains(e.TargetUserName!) || users.Contains(e.UserId!) || hosts.Contains(e.HostName!));
        }
        return events;
    }

    /// <summary>
    /// The same question asked of Elasticsearch. Hits go through the audit preset and mapper like tailed documents (a hit that
    /// would be rejected there is left out), and are not stored. Errors arrive as the client's exceptions.
    /// </summary>
    public async Task<IReadOnlyList<AuditEventView>> SearchSourceAsync(Actor actor, EventFilter filter, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "audit-events.search", null, cancellationToken);
        var preset = AuditPreset();
        var response = await client.SearchAsync(Indices, SearchRequest(preset, filter), cancellationToken);
        return Map(preset, response.Hits.Hits);
    }

    /// <summary>
    /// A page of <see cref="SearchSourceAsync"/>'s answer through <c>search_after</c> on (time, tiebreaker). When the
    /// tiebreaker is not unique (or a hit has none), the documents tied with the page's last hit are read with it, since
    /// <c>search_after</c> would skip them; the count is Elasticsearch's, bounded at <see cref="CountUpTo"/>.
    /// </summary>
    public async Task<AuditEventSlice> SearchSourcePageAsync(Actor actor, EventFilter filter, AuditEventCursor? after, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "audit-events.search", null, cancellationToken);
        var preset = AuditPreset();
        var request = SearchRequest(preset, filter) with { SearchAfter = after?.SourceKey, TrackTotalHits = TrackTotalHits.Bounded(CountUpTo) };
        var response = await client.SearchAsync(Indices, request, cancellationToken);
        var hits = response.Hits.Hits;
        AuditEventCursor? next = null;
        if (hits.Count == filter.Limit && hits[^1].Sort is { Length: 2 } key)
        {
            if (!preset.TiebreakerUnique || key[1].ValueKind == JsonValueKind.Null)
            {
                var shown = hits.Select(h => (h.Index, h.Id)).ToHashSet();
                var tied = await client.SearchAsync(Indices, TieRequest(preset, filter, key), cancellationToken);
                hits = [.. hits, .. tied.Hits.Hits.Where(h => !shown.Contains((h.Index, h.Id)))];
            }
            next = new AuditEventCursor(TailCursor.ParseTime(key[0]), 0, [.. key.Select(v => (FieldValue)v)]);
        }
        var total = response.Hits.Total;
        return new AuditEventSlice(Map(preset, hits), next, total?.Value, total?.Relation == TotalHitsRelation.Gte);
    }

    /// <summary>How far Elasticsearch counts the matching events for "shown of available" (beyond it: "at least").</summary>
    public const int CountUpTo = 10_000;

    private string Indices => string.Join(',', options.Value.AuditIndices);

    private SourcePreset AuditPreset() => SourceConfigured
        ? SourcePresets.Resolve(options.Value.AuditPreset, configuration)
        : throw new InvalidOperationException($"No Elasticsearch audit source is configured ({ElasticsearchOptions.SectionName}:Nodes and AuditIndices).");

    /// <summary>Hits go through the audit preset and mapper like tailed documents (a hit that would be rejected there is left out), and are not stored.</summary>
    private List<AuditEventView> Map(SourcePreset preset, IReadOnlyList<Hit> hits)
    {
        var now = time.GetUtcNow();
        var events = new List<AuditEventView>(hits.Count);
        foreach (var hit in hits)
        {
            if (hit.Source is not { ValueKind: JsonValueKind.Object } source)
            {
                continue;
            }
            var document = new IngestDocument(null, PresetDocument.Apply(preset, source), null, hit.Id);
            if (AuditEventMapper.Map(document, SourceSearch, now, limits.Value.MaxDocumentBytes).Event is { } mapped)
            {
                events.Add(AuditEventView.From(mapped));
            }
        }
        return events;
    }

    /// <summary>The matching documents with exactly the time and tiebreaker of <paramref name="key"/> (none of it when it has none).</summary>
    private static SearchRequest TieRequest(SourcePreset preset, EventFilter filter, JsonElement[] key)
    {
        var at = TailCursor.ParseTime(key[0]);
        var query = ((BoolQuery)SearchRequest(preset, filter).Query!).WithFilter(Query.Range(preset.TimeField).GreaterThanOrEqual(at).LessThanOrEqual(at));
        return new SearchRequest
        {
            Query = key[1].ValueKind == JsonValueKind.Null
                ? query.WithMustNot(Query.Exists(preset.TiebreakerField))
                : query.WithFilter(Query.Term(preset.TiebreakerField, key[1])),
            Size = EventFilter.MaxLimit,
            TrackTotalHits = TrackTotalHits.Disabled,
        };
    }

    /// <summary>The typed query: time window, the preset's filters, any of the users or hosts, SecOps's own records excluded.</summary>
    public static SearchRequest SearchRequest(SourcePreset preset, EventFilter filter)
    {
        var query = Query.Bool()
            .WithFilter([Query.Range(preset.TimeField).GreaterThanOrEqual(filter.From).LessThanOrEqual(filter.To), .. preset.Filters.Select(f => f.ToQuery())])
            .WithMustNot(OwnAuditRecords.Exclusion);
        if (filter.HasEntities)
        {
            List<Query> about = [];
            if (filter.Users.Count > 0)
            {
                var users = filter.Users.Select(u => (FieldValue)u).ToList();
                about.AddRange([Query.Terms("user.name", users), Query.Terms("user.target.name", users), Query.Terms("user.id", users)]);
            }
            if (filter.Hosts.Count > 0)
            {
                about.Add(Query.Terms("host.name", filter.Hosts.Select(h => (FieldValue)h)));
            }
            query = query.WithFilter(Query.Bool().WithShould(about) with { MinimumShouldMatch = 1 });
        }
        return new SearchRequest
        {
            Query = query,
            Sort = [new SortField(preset.TimeField, SortOrder.Desc, unmappedType: "date"), new SortField(preset.TiebreakerField, SortOrder.Desc, unmappedType: "keyword")],
            Size = filter.Limit,
            TrackTotalHits = TrackTotalHits.Disabled,
        };
    }
}
