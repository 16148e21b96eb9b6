namespace SecOps.Web.Elasticsearch;

/// <summary>A success status with a body that is not the JSON Elasticsearch sends (truncated, HTML from a proxy, wrong shape).</summary>
public sealed class ElasticsearchProtocolException(int status, string message, Exception? inner = null)
    : Exception($"Malformed Elasticsearch response ({status}): {message}", inner)
{
    public int Status { get; } = status;
}
