namespace SecOps.Web.Elasticsearch;

/// <summary>No configured node could be reached (connection refused, timeouts, open circuit) for one request.</summary>
public sealed class ElasticsearchUnavailableException(IReadOnlyList<Exception> nodeFailures)
    : AggregateException($"No Elasticsearch node answered: {string.Join("; ", nodeFailures.Select(f => f.GetType().Name + ": " + f.Message))}", nodeFailures)
{
    public IReadOnlyList<Exception> NodeFailures { get; } = nodeFailures;
}
