namespace SecOps.Web.Features.Live;

/// <summary>
/// A copy-on-write list of callbacks: sending takes no lock and never sees a half-changed list; each
/// subscription is an <see cref="IDisposable"/> that removes itself once.
/// </summary>
public sealed class Subscribers<T>
{
    private readonly Lock _gate = new();
    private Action<T>[] _items = [];

    public IDisposable Add(Action<T> item)
    {
        lock (_gate)
        {
            _items = [.. _items, item];
        }
        return new Unsubscriber(() =>
        {
            lock (_gate)
            {
                _items = _items.Where(i => i != item).ToArray();
            }
        });
    }

    public void Send(T value)
    {
        foreach (var subscriber in Volatile.Read(ref _items))
        {
            subscriber(value);
        }
    }

    private sealed class Unsubscriber(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                remove();
            }
        }
    }
}
