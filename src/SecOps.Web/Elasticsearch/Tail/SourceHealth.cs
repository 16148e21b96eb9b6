using System.Collections.Concurrent;

namespace SecOps.Web.Elasticsearch.Tail;

public enum SourceState
{
    /// <summary>No poll has finished yet.</summary>
    Starting,
    Connected,
    Degraded,

    /// <summary>Another instance holds this source's lease and does the work; this one waits to take over.</summary>
    Standby,
}

public enum DegradedReason
{
    None,
    AuthFailure,
    Unreachable,
    Throttled,
    PartialResults,
    MalformedResponse,
    SourceError,
    IngestFailure,
}

/// <summary>One source cursor's health as the last poll left it.</summary>
public sealed record SourceStatus(
    string Source, SourceState State, DegradedReason Reason, string? Detail, DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure,
    int ConsecutiveFailures, double? LagSeconds);

/// <summary>
/// The health of every tailed source, written by the tails and read by the health check and the UI. Lag is the time
/// since the source was last read completely (the start of the last successful poll), so it grows while the source is down.
/// </summary>
public sealed class SourceHealth(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _sources = new(StringComparer.Ordinal);

    public void Starting(string source) => _sources.TryAdd(source, new Entry(SourceState.Starting, DegradedReason.None, null, null, null, 0));

    public void Succeeded(string source, DateTimeOffset pollStartedAt) =>
        _sources[source] = new Entry(SourceState.Connected, DegradedReason.None, null, pollStartedAt, Get(source)?.LastFailure, 0);

    public void Degraded(string source, DegradedReason reason, string detail, bool completedRead = false, DateTimeOffset? pollStartedAt = null)
    {
        var previous = Get(source);
        _sources[source] = new Entry(SourceState.Degraded, reason, detail,
            completedRead ? pollStartedAt : previous?.LastSuccess, time.GetUtcNow(), (previous?.ConsecutiveFailures ?? 0) + 1);
    }

    public void Standby(string source, string detail) =>
        _sources[source] = new Entry(SourceState.Standby, DegradedReason.None, detail, null, Get(source)?.LastFailure, 0);

    public SourceStatus? Status(string source) => _sources.TryGetValue(source, out var entry) ? ToStatus(source, entry) : null;

    public IReadOnlyList<SourceStatus> All() => [.. _sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => ToStatus(s.Key, s.Value))];

    private Entry? Get(string source) => _sources.TryGetValue(source, out var entry) ? entry : null;

    private SourceStatus ToStatus(string source, Entry e) => new(source, e.State, e.Reason, e.Detail, e.LastSuccess, e.LastFailure, e.ConsecutiveFailures,
        e.LastSuccess is { } success ? Math.Max(0, (time.GetUtcNow() - success).TotalSeconds) : null);

    private sealed record Entry(SourceState State, DegradedReason Reason, string? Detail, DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure, int ConsecutiveFailures);
}
