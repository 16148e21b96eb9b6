using Microsoft.Extensions.Logging.Abstractions;

namespace SecOps.Web.Features.Live;

/// <summary>
/// A copy-on-write list of callbacks: sending takes no lock and never sees a half-changed list; each
/// subscription is an <see cref="IDisposable"/> that removes itself once. Subscribers are isolated: one that
/// throws is logged and skipped, so it can neither fail the sender (a committed write) nor starve the others.
/// </summary>
public sealed class Subscribers<T>(ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
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
            try
            {
                subscriber(value);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "A subscriber to {Type} threw; the others are still served", typeof(T).Name);
            }
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
