namespace SecOps.Web.Features.Live;

/// <summary>
/// In-process publish/subscribe of committed changes, in sequence order. The store's writer publishes
/// while it still holds the write lock, so every subscriber sees changes in the order they were numbered.
/// Subscribers must return quickly: they hand the changes to their own queue.
/// </summary>
public sealed class LiveFeed
{
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;
    private long _head;

    /// <summary>The highest sequence number published so far.</summary>
    public long Head => Interlocked.Read(ref _head);

    public IDisposable Subscribe(Action<IReadOnlyList<FeedChange>> onChanges)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Add(onChanges);
        }
        return new Subscription(this, onChanges);
    }

    public void Publish(IReadOnlyList<FeedChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }
        Interlocked.Exchange(ref _head, changes[^1].Seq);
        foreach (var subscriber in _subscribers.Items)
        {
            subscriber(changes);
        }
    }

    /// <summary>Sets the head at start-up from the store, before anything is published.</summary>
    public void Initialise(long head) => Interlocked.Exchange(ref _head, head);

    private void Remove(Action<IReadOnlyList<FeedChange>> onChanges)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(onChanges);
        }
    }

    private sealed class Subscription(LiveFeed feed, Action<IReadOnlyList<FeedChange>> onChanges) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Remove(onChanges);
            }
        }
    }

    /// <summary>Copy-on-write list so publishing never takes a lock or allocates.</summary>
    private sealed class ImmutableSubscribers(Action<IReadOnlyList<FeedChange>>[] items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);
        public Action<IReadOnlyList<FeedChange>>[] Items { get; } = items;
        public ImmutableSubscribers Add(Action<IReadOnlyList<FeedChange>> item) => new([.. Items, item]);
        public ImmutableSubscribers Remove(Action<IReadOnlyList<FeedChange>> item) => new(Items.Where(i => i != item).ToArray());
    }
}
