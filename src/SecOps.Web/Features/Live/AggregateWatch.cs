namespace SecOps.Web.Features.Live;

/// <summary>
/// A watcher's hold on a shared aggregate: the latest snapshot it has been given, and the release of the aggregate on
/// dispose. Later snapshots also arrive through the watcher's callback.
/// </summary>
public sealed class AggregateWatch<T>(Action release) : IDisposable
{
    private Task<T>? _first;
    private Task<T>? _arrived;
    private int _disposed;

    /// <summary>
    /// The snapshot when watching began (its computation, when it was the first watcher), or a newer one that arrived
    /// since: a caller awaiting this can never put an older snapshot over one its callback already showed.
    /// </summary>
    public Task<T> FirstAsync() => Volatile.Read(ref _arrived) ?? _first ?? throw new InvalidOperationException("Watching has not begun.");

    internal void Begin(Task<T> current) => _first = current;

    internal void Arrived(T value) => Volatile.Write(ref _arrived, Task.FromResult(value));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            release();
        }
    }
}
