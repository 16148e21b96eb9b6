using System.Globalization;
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

    /// <summary>Where the next, earlier page starts; null when every event in the window is here.</summary>
    public AuditEventCursor? Next { get; init; }

    /// <summary>How many events the window holds in all, when the reader knows (see <see cref="AvailableIsLowerBound"/>).</summary>
    public long? Available { get; init; }

    public bool AvailableIsLowerBound { get; init; }

    /// <summary>What the timeline says about these entries: how many are shown of how many there are, and where from.</summary>
    public string? Summary
    {
        get
        {
            if (Origin is null)
            {
                return null;
            }
            var shown = Entries.Count.ToString("N0", CultureInfo.InvariantCulture);
            var of = Available is { } available && (available != Entries.Count || AvailableIsLowerBound)
                ? $" of {(AvailableIsLowerBound ? "at least " : "")}{available.ToString("N0", CultureInfo.InvariantCulture)}"
                : "";
            var noun = Entries.Count == 1 && of.Length == 0 ? "event" : "events";
            return $"{(of.Length > 0 ? "Showing " : "")}{shown}{of} audit {noun} about the incident's users and hosts from {Origin}{(Truncated ? ", newest first; earlier ones can be loaded" : "")}.";
        }
    }

    /// <summary>Whether there are earlier events in the window than these.</summary>
    public bool Truncated => Next is not null;

    /// <summary>
    /// These entries with the earlier page <paramref name="earlier"/> read after them. When that page could not be read,
    /// the entries already here stay, with its note, and the same cursor so the next attempt asks for the same page.
    /// </summary>
    public IncidentAuditEventsResult With(IncidentAuditEventsResult earlier) => earlier.Origin is null
        ? this with { Note = earlier.Note }
        : this with
        {
            Entries = [.. earlier.Entries.Concat(Entries).OrderBy(e => e.At)],
            Note = null,
            Next = earlier.Next,
            Available = earlier.Available,
            AvailableIsLowerBound = earlier.AvailableIsLowerBound,
        };
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

    public Task<IncidentAuditEventsResult> ForIncidentAsync(Actor actor, long incidentId, CancellationToken cancellationToken) =>
        ForIncidentAsync(actor, incidentId, null, cancellationToken);

    /// <summary>
    /// The newest <see cref="Limit"/> events in the window, or with <paramref name="after"/> (a result's <c>Next</c>) the
    /// <see cref="Limit"/> before those: keyset pages by time then id, so none is shown twice and none is skipped.
    /// </summary>
    public async Task<IncidentAuditEventsResult> ForIncidentAsync(Actor actor, long incidentId, AuditEventCursor? after, CancellationToken cancellationToken)
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
        AuditEventSlice found;
        var origin = events.SourceConfigured ? FromSource : FromStore;
        try
        {
            found = events.SourceConfigured
                ? await events.SearchSourcePageAsync(actor, filter, after, cancellationToken)
                : await events.ListPageAsync(actor, filter, after, cancellationToken);
        }
        catch (Exception e) when (SourceFailure.IsUnanswered(e, cancellationToken))
        {
            logger.LogWarning(e, "Audit events for incident {IncidentId} could not be read from the source", incidentId);
            return IncidentAuditEventsResult.None("Audit events could not be read: the Elasticsearch source did not answer. Reload the page to try again.");
        }
        return new IncidentAuditEventsResult([.. found.Events.OrderBy(e => e.Timestamp).Select(Entry)], origin, null)
        {
            Next = found.Next,
            Available = found.Available,
            AvailableIsLowerBound = found.AvailableIsLowerBound,
        };
    }

    /// <summary>
    /// Every page up to <paramref name="atMost"/> events, for the exports (a download holds what the page can show). A page
    /// that cannot be read ends the reading with its note; what was read stays.
    /// </summary>
    public async Task<IncidentAuditEventsResult> EveryPageAsync(Actor actor, long incidentId, int atMost, CancellationToken cancellationToken)
    {
        var result = await ForIncidentAsync(actor, incidentId, cancellationToken);
        while (result.Next is { } next && result.Note is null && result.Entries.Count < atMost)
        {
            result = result.With(await ForIncidentAsync(actor, incidentId, next, cancellationToken));
        }
        return result;
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
