using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.AuditEvents;

namespace SecOps.Web.Features.Incidents;

/// <summary>The audit events on an incident's timeline, where they came from, and why there are none when there are none.</summary>
public sealed record IncidentAuditEventsResult(IReadOnlyList<TimelineEntry> Entries, string? Origin, string? Note)
{
    public static IncidentAuditEventsResult None(string? note = null) => new([], null, note);

    /// <summary>Whether the limit cut the window short (the oldest events in it are left out).</summary>
    public bool Truncated { get; init; }
}

/// <summary>
/// Audit events about an incident's users and hosts in its window, for the timeline and the exports: asked of the
/// Elasticsearch source when one is configured (it holds far more than was tailed), of the store otherwise. The users
/// are its alerts' users and its user observables; the hosts are its alerts' hosts; the window runs from a day before
/// its first sign (first alert, awareness or creation) to its resolution (or now). Need-to-know applies: an incident
/// the actor may not see has no audit events, and reading them needs <see cref="Permission.AlertsRead"/> as well.
/// </summary>
public sealed class IncidentAuditEvents(
    IDbContextFactory<SecOpsDbContext> contexts, AuditEventQueries events, TimeProvider time, ILogger<IncidentAuditEvents> logger)
{
    /// <summary>How far before the incident's first sign events are looked for: how the attacker got in is often earlier.</summary>
    public static readonly TimeSpan Before = TimeSpan.FromHours(24);

    /// <summary>How far after the last linked alert events are looked for, even when the incident was resolved sooner.</summary>
    public static readonly TimeSpan AfterLastAlert = TimeSpan.FromHours(1);

    public const int Limit = 500;

    public const string FromSource = "Elasticsearch";
    public const string FromStore = "the embedded store";

    public async Task<IncidentAuditEventsResult> ForIncidentAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        if (!actor.Can(Permission.AlertsRead))
        {
            return IncidentAuditEventsResult.None();
        }
        var (filter, error) = await FilterAsync(actor, incidentId, cancellationToken);
        if (filter is null)
        {
            return IncidentAuditEventsResult.None(error);
        }
        if (!filter.HasEntities)
        {
            return IncidentAuditEventsResult.None("No audit events: the incident names no user or host yet.");
        }
        IReadOnlyList<AuditEventView> found;
        var origin = events.SourceConfigured ? FromSource : FromStore;
        try
        {
            found = events.SourceConfigured
                ? await events.SearchSourceAsync(actor, filter, cancellationToken)
                : await events.ListAsync(actor, filter, cancellationToken);
        }
        catch (Exception e) when (SourceFailure.IsUnanswered(e, cancellationToken))
        {
            logger.LogWarning(e, "Audit events for incident {IncidentId} could not be read from the source", incidentId);
            return IncidentAuditEventsResult.None("Audit events could not be read: the Elasticsearch source did not answer. Reload the page to try again.");
        }
        return new IncidentAuditEventsResult([.. found.OrderBy(e => e.Timestamp).Select(Entry)], origin, null) { Truncated = found.Count >= Limit };
    }

    /// <summary>The stored timeline and the audit events as one list in time order (stable: stored entries first at equal times).</summary>
    public static IReadOnlyList<TimelineEntry> Merge(IReadOnlyList<TimelineEntry> stored, IncidentAuditEventsResult audit) =>
        audit.Entries.Count == 0 ? stored : [.. stored.Concat(audit.Entries).OrderBy(e => e.At)];

    private static TimelineEntry Entry(AuditEventView e) =>
        new(e.Timestamp, TimelineKind.AuditEvent, e.Summary, e.UserName ?? e.UserId, e.HostName ?? e.SourceIp);

    private async Task<(EventFilter? Filter, string? Error)> FilterAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.Visible(db, actor).AsNoTracking().Where(i => i.Id == incidentId)
            .Select(i => new { i.CreatedAt, i.AwareAt, i.ResolvedAt }).SingleOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return (null, null);
        }
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.IncidentId == incidentId)
            .Select(a => new { a.AlertTime, a.UserName, a.HostName }).ToListAsync(cancellationToken);
        var observedUsers = await db.IncidentObservables.AsNoTracking()
            .Where(o => o.IncidentId == incidentId && o.Type == ObservableType.User).Select(o => o.Value).ToListAsync(cancellationToken);
        var firstSign = new[] { incident.CreatedAt, incident.AwareAt ?? incident.CreatedAt }.Concat(alerts.Select(a => a.AlertTime)).Min();
        var end = incident.ResolvedAt ?? time.GetUtcNow();
        if (alerts.Count > 0 && alerts.Max(a => a.AlertTime) + AfterLastAlert > end)
        {
            end = alerts.Max(a => a.AlertTime) + AfterLastAlert;
        }
        var (filter, error) = EventFilter.Create(MostSeen(alerts.Select(a => a.UserName).Concat(observedUsers)), MostSeen(alerts.Select(a => a.HostName)),
            firstSign - Before, end, Limit);
        return (filter, error is null ? null : "No audit events: " + error);
    }

    /// <summary>
    /// The values the filter can take, most frequent first: an incident with hundreds of hosts still gets a timeline
    /// about the ones it is mostly about, and an over-long (hostile) value is left out rather than failing the query.
    /// </summary>
    private static IEnumerable<string> MostSeen(IEnumerable<string?> values) => values
        .Where(v => !string.IsNullOrWhiteSpace(v) && v.Length <= EventFilter.MaxValueLength).Select(v => v!)
        .GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Take(EventFilter.MaxValues).Select(g => g.Key);
}
