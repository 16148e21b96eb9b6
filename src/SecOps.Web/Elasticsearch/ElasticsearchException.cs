using System.Text;
using System.Text.Json;
using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.Web.Elasticsearch;

/// <summary>
/// An error answer from Elasticsearch, typed from its error body: <see cref="Type"/> is Elasticsearch's exception name
/// (<c>index_not_found_exception</c>, <c>security_exception</c>, <c>parsing_exception</c>,
/// <c>es_rejected_execution_exception</c>, <c>circuit_breaking_exception</c>, <c>search_phase_execution_exception</c>...).
/// </summary>
public sealed class ElasticsearchException : Exception
{
    private const int MaxRawReasonLength = 512;

    public ElasticsearchException(int status, string type, string reason, ErrorCause? error = null, TimeSpan? retryAfter = null)
        : base($"Elasticsearch answered {status} {type}: {reason}")
    {
        Status = status;
        Type = type;
        Reason = reason;
        Error = error;
        RetryAfter = retryAfter;
    }

    public int Status { get; }

    public string Type { get; }

    public string Reason { get; }

    /// <summary>The whole error object, with <c>caused_by</c>, <c>failed_shards</c> and extra keys.</summary>
    public ErrorCause? Error { get; }

    /// <summary>Root causes; the circuit-breaker body has none, so this can be empty.</summary>
    public IReadOnlyList<ErrorCause> RootCauses => Error?.RootCause ?? [];

    public TimeSpan? RetryAfter { get; }

    public bool IsAuthenticationFailure => Status == 401;

    public bool IsAuthorizationFailure => Status == 403;

    /// <summary>The cluster asked us to slow down (429: rejected execution, circuit breaker, cluster block).</summary>
    public bool IsThrottled => Status == 429;

    public bool IsVersionConflict => Status == 409 || Type == "version_conflict_engine_exception";

    /// <summary>Builds the exception from an error response body; bodies that are not Elasticsearch's envelope still give a typed error.</summary>
    public static ElasticsearchException FromResponse(int httpStatus, ReadOnlySpan<byte> body, TimeSpan? retryAfter = null)
    {
        ErrorResponse? envelope = null;
        try
        {
            envelope = JsonSerializer.Deserialize(body, ElasticsearchJsonContext.Default.ErrorResponse);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, a truncated body): fall through to the raw text below.
        }
        var status = envelope?.Status ?? httpStatus;
        switch (envelope?.Error.ValueKind)
        {
            case JsonValueKind.Object:
                var cause = envelope.Error.Deserialize(ElasticsearchJsonContext.Default.ErrorCause);
                var type = cause?.Type ?? cause?.RootCause?.FirstOrDefault()?.Type ?? "unknown_error";
                var reason = cause?.Reason ?? cause?.RootCause?.FirstOrDefault()?.Reason ?? "";
                return new ElasticsearchException(status, type, reason, cause, retryAfter);
            case JsonValueKind.String:
                // Very old clusters and some proxies answer {"error": "text", "status": N}.
                return new ElasticsearchException(status, "error", envelope.Error.GetString() ?? "", null, retryAfter);
            default:
                var text = Encoding.UTF8.GetString(body);
                return new ElasticsearchException(httpStatus, "http_error",
                    text.Length > MaxRawReasonLength ? text[..MaxRawReasonLength] : text, null, retryAfter);
        }
    }
}
