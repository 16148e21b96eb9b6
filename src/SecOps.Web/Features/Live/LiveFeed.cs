using Microsoft.Extensions.Logging.Abstractions;

namespace SecOps.Web.Features.Live;

/// <summary>
/// In-process publish/subscribe of committed changes, in sequence order. The store's writer publishes
/// while it still holds the write lock, so every subscriber sees changes (and bulk notices) in the order
/// they were numbered. Subscribers must return quickly: they hand the changes to their own queue. A subscriber
/// that throws is logged and skipped: it cannot fail the write that published, nor keep the others from their changes.
/// </summary>
public sealed class LiveFeed
{
    private readonly Subscribers<IReadOnlyList<FeedChange>> _changes;
    private readonly Subscribers<BulkNotice> _bulk;
    private readonly Subscribers<IncidentFeedChange> _incidents;
    private readonly Subscribers<TaskFeedChange> _tasks;
    private readonly Subscribers<RemovalFeedChange> _removals;
    private long _head;

    public LiveFeed(ILogger<LiveFeed> logger)
    {
        _changes = new(logger);
        _bulk = new(logger);
        _incidents = new(logger);
        _tasks = new(logger);
        _removals = new(logger);
    }

    /// <summary>A feed that logs nowhere (tests, tools).</summary>
    public LiveFeed()
        : this(NullLogger<LiveFeed>.Instance)
    {
    }

    /// <summary>The highest sequence number published so far.</summary>
    public long Head => Interlocked.Read(ref _head);

    public IDisposable Subscribe(Action<IReadOnlyList<FeedChange>> onChanges) => _changes.Add(onChanges);

    /// <summary>Large changes arrive here as one notice instead of one change per alert.</summary>
    public IDisposable SubscribeBulk(Action<BulkNotice> onBulk) => _bulk.Add(onBulk);

    /// <summary>
    /// Incident changes, one at a time, in number order with the rest. Every viewer must filter them by need-to-know
    /// (<see cref="Incidents.IncidentAccess.CanSee"/>); a live view that counts numbers takes them as numbers it skips.
    /// </summary>
    public IDisposable SubscribeIncidents(Action<IncidentFeedChange> onIncident) => _incidents.Add(onIncident);

    /// <summary>
    /// Incident task changes, one at a time, in number order with the rest. Filter them by need-to-know of their incident
    /// (<see cref="Incidents.IncidentAccess.CanSee"/>); a live view that counts numbers takes them as numbers it skips.
    /// </summary>
    public IDisposable SubscribeTasks(Action<TaskFeedChange> onTask) => _tasks.Add(onTask);

    /// <summary>
    /// Deletions of incidents and tasks, one at a time, in number order with the rest. Filter them by need-to-know of
    /// their incident as it was (<see cref="Incidents.IncidentAccess.CanSee"/>); a live view that counts numbers takes them as numbers it skips.
    /// </summary>
    public IDisposable SubscribeRemovals(Action<RemovalFeedChange> onRemoval) => _removals.Add(onRemoval);

    public void Publish(RemovalFeedChange change)
    {
        Interlocked.Exchange(ref _head, change.Seq);
        _removals.Send(change);
    }

    public void Publish(TaskFeedChange change)
    {
        Interlocked.Exchange(ref _head, change.Seq);
        _tasks.Send(change);
    }

    public void Publish(IncidentFeedChange change)
    {
        Interlocked.Exchange(ref _head, change.Seq);
        _incidents.Send(change);
    }

    public void Publish(IReadOnlyList<FeedChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }
        Interlocked.Exchange(ref _head, changes[^1].Seq);
        _changes.Send(changes);
    }

    public void Publish(BulkNotice notice)
    {
        Interlocked.Exchange(ref _head, notice.SeqTo);
        _bulk.Send(notice);
    }

    /// <summary>Sets the head at start-up from the store, before anything is published.</summary>
    public void Initialise(long head) => Interlocked.Exchange(ref _head, head);
}
