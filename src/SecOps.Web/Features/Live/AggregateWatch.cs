namespace SecOps.Web.Features.Live;

/// <summary>A watcher's hold on a shared aggregate: the snapshot at the time it started watching; disposing lets the aggregate go.</summary>
public sealed class AggregateWatch<T>(Task<T> first, Action release) : IDisposable
{
    private int _disposed;

    /// <summary>The snapshot when watching began (its computation, when it was the first watcher). Later ones arrive through the callback.</summary>
    public Task<T> FirstAsync() => first;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            release();
        }
    }
}
