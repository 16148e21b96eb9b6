using Microsoft.Extensions.Options;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.AuditEvents;

namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>
/// Questions later features ask the Elasticsearch source on demand (nothing here is stored): raw events about users and hosts,
/// the enrichment of one indicator, and alert metrics. Each checks <see cref="Permission.AlertsRead"/> through
/// <see cref="AccessGuard"/> (refusals are audited), refuses with <see cref="SourceNotConfiguredException"/> when no source is
/// configured, and sends only typed DSL with bounded sizes: caller values are term values, never query text. Errors arrive as
/// the client's exceptions; shard failures arrive in each result's <c>Warnings</c>.
/// </summary>
public sealed class SourceQueries(AccessGuard access, IElasticsearchClient client, IOptions<ElasticsearchOptions> options, IConfiguration configuration)
{
    /// <summary>ECS's event time, the field raw events are filtered and sorted on.</summary>
    public const string EventTimeField = "@timestamp";

    /// <summary>Counts up to this many raw events exactly; beyond it the total is a lower bound (relation <c>gte</c>).</summary>
    public const int RawEventsTotalLimit = 10_000;

    /// <summary>Fields naming the users an event is about: the actor, the target, and ECS's <c>related.user</c>.</summary>
    public static IReadOnlyList<string> UserFields { get; } = ["user.name", "user.id", "user.target.name", "related.user"];

    public static IReadOnlyList<string> HostFields { get; } = ["host.name", "host.hostname", "related.hosts"];

    /// <summary>Whether raw-event queries (<see cref="RawEventsAsync"/>, <see cref="EnrichAsync"/>) can run.</summary>
    public bool EventsConfigured => options.Value.Nodes.Count > 0 && options.Value.EventIndices.Count > 0;

    /// <summary>Whether <see cref="AlertMetricsAsync"/> can run.</summary>
    public bool AlertsConfigured => options.Value.Nodes.Count > 0 && options.Value.AlertIndices.Count > 0;

    /// <summary>
    /// Raw events about any of the filter's users or hosts in its window, newest first, at most its limit (200 by default, 1,000
    /// at most), from <c>EventIndices</c>. Used by the incident timeline (events about the incident's users and hosts).
    /// </summary>
    public async Task<SourceEventsResult> RawEventsAsync(Actor actor, EventFilter filter, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "source.raw-events", null, cancellationToken);
        var indices = EventIndices();
        var response = await client.SearchAsync(indices, RawEventsSearch(filter), cancellationToken);
        return SourceEventsResult.From(response);
    }

    /// <summary>
    /// What <c>EventIndices</c> hold about one indicator in a window: exact count, first and last seen, top hosts and users, the
    /// latest events. Used by the playbooks' automated enrichment step and the observable panel of an incident.
    /// </summary>
    public async Task<EnrichmentResult> EnrichAsync(Actor actor, EnrichmentRequest request, CancellationToken cancellationToken)
    {
        // The audit target names the kind only: an indicator can be a person's name, which the trail holds only pseudonymously.
        await access.RequireAsync(actor, Permission.AlertsRead, "source.enrich", request.Indicator.Kind.ToString(), cancellationToken);
        var indices = EventIndices();
        var response = await client.SearchAsync(indices, EnrichmentSearch(request), cancellationToken);
        return EnrichmentResult.From(request.Indicator, response);
    }

    /// <summary>
    /// Alerts in <c>AlertIndices</c> (with the alert preset's time field and filters) per interval split by severity, distinct
    /// hosts and risk score percentiles. Used by the compliance metrics and reports (alert volume and severity mix per period).
    /// </summary>
    public async Task<AlertMetricsResult> AlertMetricsAsync(Actor actor, AlertMetricsRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "source.alert-metrics", null, cancellationToken);
        if (!AlertsConfigured)
        {
            throw new SourceNotConfiguredException(nameof(ElasticsearchOptions.AlertIndices));
        }
        var settings = options.Value;
        var preset = SourcePresets.Resolve(settings.Preset, configuration);
        var fields = request.Fields ?? AlertMetricsFields.For(preset);
        var response = await client.SearchAsync(string.Join(',', settings.AlertIndices), AlertMetricsSearch(preset, request, fields), cancellationToken);
        return AlertMetricsResult.From(fields, response);
    }

    /// <summary>The raw-events query: window, any of the users or hosts (ECS and <c>related.*</c> fields), SecOps's own audit records excluded.</summary>
    public static SearchRequest RawEventsSearch(EventFilter filter)
    {
        var query = Window(filter.From, filter.To);
        if (filter.HasEntities)
        {
            List<Query> about = [];
            if (filter.Users.Count > 0)
            {
                var users = filter.Users.Select(u => (FieldValue)u).ToList();
                about.AddRange(UserFields.Select(f => Query.Terms(f, users)));
            }
            if (filter.Hosts.Count > 0)
            {
                var hosts = filter.Hosts.Select(h => (FieldValue)h).ToList();
                about.AddRange(HostFields.Select(f => Query.Terms(f, hosts)));
            }
            query = query.WithFilter(Query.Bool().WithShould(about) with { MinimumShouldMatch = 1 });
        }
        return new SearchRequest
        {
            Query = query,
            Sort = [NewestFirst],
            Size = filter.Limit,
            SourceIncludes = SourceEvent.SourceFields,
            TrackTotalHits = TrackTotalHits.Bounded(RawEventsTotalLimit),
        };
    }

    /// <summary>The enrichment query: the indicator's term queries in the window, exact count, min/max time, top hosts and users, latest events.</summary>
    public static SearchRequest EnrichmentSearch(EnrichmentRequest request) => new()
    {
        Query = Window(request.From, request.To).WithFilter(request.Indicator.ToQuery()),
        Sort = [NewestFirst],
        Size = request.LatestCount,
        SourceIncludes = SourceEvent.SourceFields,
        // The aggregations visit every match anyway, so the exact count costs nothing more.
        TrackTotalHits = TrackTotalHits.Exact,
        Aggregations = new Dictionary<string, Aggregation>
        {
            [EnrichmentResult.FirstSeenAggregation] = new MinAggregation(EventTimeField),
            [EnrichmentResult.LastSeenAggregation] = new MaxAggregation(EventTimeField),
            [EnrichmentResult.TopHostsAggregation] = new TermsAggregation("host.name", request.TopCount),
            [EnrichmentResult.TopUsersAggregation] = new TermsAggregation("user.name", request.TopCount),
        },
    };

    /// <summary>The alert metrics query: no hits, every bucket of the window (empty ones too), severity split, host cardinality, risk percentiles.</summary>
    public static SearchRequest AlertMetricsSearch(SourcePreset preset, AlertMetricsRequest request, AlertMetricsFields fields)
    {
        var histogram = request.Interval.ApplyTo(new DateHistogramAggregation(preset.TimeField)
        {
            MinDocCount = 0,
            ExtendedBounds = (request.From.ToUnixTimeMilliseconds(), request.To.ToUnixTimeMilliseconds()),
            SubAggregations = new Dictionary<string, Aggregation>
            {
                [AlertMetricsResult.SeverityAggregation] = new TermsAggregation(fields.Severity, AlertMetricsRequest.SeverityBuckets),
            },
        });
        return new SearchRequest
        {
            Query = Query.Bool().WithFilter([Query.Range(preset.TimeField).GreaterThanOrEqual(request.From).LessThanOrEqual(request.To),
                .. preset.Filters.Select(f => f.ToQuery())]),
            Size = 0,
            TrackTotalHits = TrackTotalHits.Exact,
            Aggregations = new Dictionary<string, Aggregation>
            {
                [AlertMetricsResult.SeriesAggregation] = histogram,
                [AlertMetricsResult.HostsAggregation] = new CardinalityAggregation(fields.Host),
                [AlertMetricsResult.RiskScoreAggregation] = new PercentilesAggregation(fields.RiskScore, request.Percents),
            },
        };
    }

    private static SortField NewestFirst => new(EventTimeField, SortOrder.Desc, unmappedType: "date");

    private static BoolQuery Window(DateTimeOffset from, DateTimeOffset to) =>
        Query.Bool().WithFilter(Query.Range(EventTimeField).GreaterThanOrEqual(from).LessThanOrEqual(to)).WithMustNot(OwnAuditRecords.Exclusion);

    private string EventIndices() =>
        EventsConfigured ? string.Join(',', options.Value.EventIndices) : throw new SourceNotConfiguredException(nameof(ElasticsearchOptions.EventIndices));
}
