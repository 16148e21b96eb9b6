using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Presets;
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
        var (users, hosts) = (filter.Users, filter.Hosts);
        var events = db.AuditEvents.AsNoTracking().Where(e => e.Timestamp >= filter.From && e.Timestamp <= filter.To);
        if (filter.HasEntities)
        {
            events = events.Where(e => users.Contains(e.UserName!) || users.Contains(e.TargetUserName!) || users.Contains(e.UserId!) || hosts.Contains(e.HostName!));
        }
        var rows = await events.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Take(filter.Limit).ToListAsync(cancellationToken);
        return [.. rows.Select(AuditEventView.From)];
    }

    /// <summary>
    /// The same question asked of Elasticsearch. Hits go through the audit preset and mapper like tailed documents (a hit that
    /// would be rejected there is left out), and are not stored. Errors arrive as the client's exceptions.
    /// </summary>
    public async Task<IReadOnlyList<AuditEventView>> SearchSourceAsync(Actor actor, EventFilter filter, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "audit-events.search", null, cancellationToken);
        if (!SourceConfigured)
        {
            throw new InvalidOperationException($"No Elasticsearch audit source is configured ({ElasticsearchOptions.SectionName}:Nodes and AuditIndices).");
        }
        var settings = options.Value;
        var preset = SourcePresets.Resolve(settings.AuditPreset, configuration);
        var response = await client.SearchAsync(string.Join(',', settings.AuditIndices), SearchRequest(preset, filter), cancellationToken);
        var now = time.GetUtcNow();
        var events = new List<AuditEventView>(response.Hits.Hits.Count);
        foreach (var hit in response.Hits.Hits)
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
