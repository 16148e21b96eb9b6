using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// "elasticsearch" in <c>/health/ready</c>: Degraded (never Unhealthy) while a source is degraded, since the app keeps
/// serving what is stored; the reason and lag go into the report's data, not the public status-only answer.
/// </summary>
public sealed class ElasticsearchHealthCheck(SourceHealth health) : IHealthCheck
{
    public const string Name = "elasticsearch";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var sources = health.All();
        var data = new Dictionary<string, object>();
        foreach (var s in sources)
        {
            data[s.Source] = $"{s.State}{(s.State == SourceState.Degraded ? $" ({s.Reason})" : "")}, lag {(s.LagSeconds is { } lag ? $"{lag:0.#} s" : "unknown")}";
        }
        var degraded = sources.Where(s => s.State == SourceState.Degraded).ToList();
        return Task.FromResult(degraded.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", degraded.Select(s => $"{s.Source}: {s.Reason}")), data: data)
            : HealthCheckResult.Healthy(sources.Count == 0 || sources.All(s => s.State == SourceState.Starting) ? "starting"
                : sources.All(s => s.State == SourceState.Standby) ? "standby" : "connected", data));
    }
}
