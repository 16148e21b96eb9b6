using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace SecOps.Web.Elasticsearch;

/// <summary>The per-node pipeline, outermost first: total timeout, retry, circuit breaker, attempt timeout.</summary>
public static class ElasticsearchResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ElasticsearchOptions options)
    {
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions
        {
            Timeout = options.RequestTimeout * (options.MaxRetries + 1) + options.RetryBaseDelay * (1 << Math.Min(options.MaxRetries, 10)),
        });
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Elasticsearch sends Retry-After with 429 rejections; waiting less only earns another 429.
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
            });
        }
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = options.CircuitBreakDuration,
        });
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.RequestTimeout });
    }

    /// <summary>
    /// Retries what the same node may soon answer: throttling, gateway errors and an attempt that timed out.
    /// A refused connection is not retried here; the client moves on to the next node at once.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };
}
