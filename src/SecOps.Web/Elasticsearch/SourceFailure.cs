namespace SecOps.Web.Elasticsearch;

/// <summary>How on-demand queries (the drawer's raw events, the incident's audit events) tell a source that did not answer from a caller that gave up.</summary>
public static class SourceFailure
{
    /// <summary>Whether <paramref name="e"/> means the source did not answer (shown to the user as such) rather than that the caller cancelled.</summary>
    public static bool IsUnanswered(Exception e, CancellationToken cancellationToken) =>
        e is ElasticsearchException or ElasticsearchUnavailableException or ElasticsearchProtocolException or HttpRequestException or TaskCanceledException
        && !cancellationToken.IsCancellationRequested;
}
