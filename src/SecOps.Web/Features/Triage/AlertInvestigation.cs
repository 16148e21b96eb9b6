using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Queries;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.AuditEvents;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The drawer's investigation: raw events about an alert's host and user around its time, from the Elasticsearch source's
/// on-demand queries (<see cref="SourceQueries"/>; nothing is stored). Says plainly when no source is configured (the
/// embedded demo mode), when the alert names no host or user, and when the source failed.
/// </summary>
public sealed class AlertInvestigation(SourceQueries queries, ILogger<AlertInvestigation> logger)
{
    /// <summary>How far before the alert events are looked for.</summary>
    public static readonly TimeSpan Before = TimeSpan.FromHours(24);

    /// <summary>How far after the alert events are looked for.</summary>
    public static readonly TimeSpan After = TimeSpan.FromHours(1);

    public const int Limit = 50;

    public enum State
    {
        NotConfigured,
        NoEntities,
        Loaded,
        Failed,
    }

    public sealed record Result(State State, IReadOnlyList<SourceEvent> Events, long? Total, bool Partial, string? Error)
    {
        public static Result Of(State state, string? error = null) => new(state, [], null, false, error);
    }

    public bool Configured => queries.EventsConfigured;

    public async Task<Result> RawEventsAsync(Actor actor, AlertView alert, CancellationToken cancellationToken)
    {
        if (!queries.EventsConfigured)
        {
            return Result.Of(State.NotConfigured);
        }
        var (filter, error) = EventFilter.Create([alert.UserName], [alert.HostName], alert.AlertTime - Before, alert.AlertTime + After, Limit);
        if (filter is null || !filter.HasEntities)
        {
            return Result.Of(State.NoEntities, error);
        }
        try
        {
            var found = await queries.RawEventsAsync(actor, filter, cancellationToken);
            return new Result(State.Loaded, found.Events, found.Total?.Value, found.Warnings.Count > 0, null);
        }
        catch (Exception e) when (SourceFailure.IsUnanswered(e, cancellationToken))
        {
            logger.LogWarning(e, "Raw events for alert {AlertId} could not be read from the source", alert.Id);
            return Result.Of(State.Failed, "The Elasticsearch source did not answer; try again in a moment.");
        }
    }
}
