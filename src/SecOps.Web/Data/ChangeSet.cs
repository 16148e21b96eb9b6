using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Data;

/// <summary>Alerts changed by one set-based update, numbered as one contiguous range and announced as one notice.</summary>
public sealed record BulkRange(BulkNotice Notice, IReadOnlyList<long> AlertIds);

/// <summary>
/// The changes a unit of work makes, numbered as they are recorded. A change's number is known at once (so a row can
/// be written with its LastSeq); its feed row is written after the work, when ids are known. A unit of work may mix
/// single changes and any number of bulk ranges; the writer writes and publishes them all in number order.
/// </summary>
public sealed class ChangeSet(long head, DateTimeOffset now)
{
    private readonly List<(long Seq, ChangeKind Kind, Alert Alert)> _alerts = [];
    private readonly List<BulkRange> _bulks = [];
    private readonly List<(long Seq, long IncidentId)> _incidents = [];
    private readonly List<(long Seq, long TaskId)> _tasks = [];
    private readonly List<(long Seq, ChangeKind Kind, long EntityId, long IncidentId)> _removals = [];
    private readonly List<Action> _afterCommit = [];
    private long _head = head;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The feed's head before this unit of work; every number it hands out is above it.</summary>
    public long StartHead { get; } = head;

    /// <summary>The highest number handed out so far (<see cref="StartHead"/> when none).</summary>
    public long Head => _head;

    public IReadOnlyList<(long Seq, ChangeKind Kind, Alert Alert)> Alerts => _alerts;

    /// <summary>The bulk ranges, in number order.</summary>
    public IReadOnlyList<BulkRange> Bulks => _bulks;

    /// <summary>The incidents changed, each change numbered in the feed like an alert's.</summary>
    public IReadOnlyList<(long Seq, long IncidentId)> Incidents => _incidents;

    /// <summary>The incident tasks changed, each change numbered in the feed.</summary>
    public IReadOnlyList<(long Seq, long TaskId)> Tasks => _tasks;

    /// <summary>The incidents and tasks deleted (<see cref="ChangeKind.IncidentDeleted"/>, <see cref="ChangeKind.TaskDeleted"/>), each with the incident whose audience decides who hears of it.</summary>
    public IReadOnlyList<(long Seq, ChangeKind Kind, long EntityId, long IncidentId)> Removals => _removals;

    public bool IsEmpty => _alerts.Count == 0 && _bulks.Count == 0 && _incidents.Count == 0 && _tasks.Count == 0 && _removals.Count == 0;

    /// <summary>
    /// Numbers the deletion of an incident or a task (<paramref name="kind"/> is <see cref="ChangeKind.IncidentDeleted"/> or
    /// <see cref="ChangeKind.TaskDeleted"/>); write its tombstone in the same unit of work (<see cref="Features.Incidents.Tombstones"/>).
    /// </summary>
    public long AddRemoval(ChangeKind kind, long entityId, long incidentId)
    {
        if (!kind.IsRemoval())
        {
            throw new ArgumentException("Only deletions are numbered as removals.", nameof(kind));
        }
        var seq = ++_head;
        _removals.Add((seq, kind, entityId, incidentId));
        return seq;
    }

    /// <summary>Numbers a change of one incident (its id must be known: save a new incident first).</summary>
    public long AddIncident(long incidentId)
    {
        var seq = ++_head;
        _incidents.Add((seq, incidentId));
        return seq;
    }

    /// <summary>Numbers a change of one incident task (its id must be known: save a new task first).</summary>
    public long AddTask(long taskId)
    {
        var seq = ++_head;
        _tasks.Add((seq, taskId));
        return seq;
    }

    /// <summary>Numbers a change of one alert and stamps the alert with it.</summary>
    public long Add(ChangeKind kind, Alert alert)
    {
        var seq = ++_head;
        alert.LastSeq = seq;
        _alerts.Add((seq, kind, alert));
        return seq;
    }

    /// <summary>
    /// Numbers a change of many alerts as one contiguous range with its own notice (null when the list is empty).
    /// Each call makes a new range; an alert may appear in several ranges but only once in each.
    /// </summary>
    public BulkNotice? AddBulk(ChangeKind kind, IReadOnlyList<long> alertIds)
    {
        if (alertIds.Count == 0)
        {
            return null;
        }
        if (alertIds.Distinct().Count() != alertIds.Count)
        {
            throw new ArgumentException("A bulk range names each alert once.", nameof(alertIds));
        }
        var notice = new BulkNotice(_head + 1, _head + alertIds.Count, alertIds.Count, kind.ToString());
        _head = notice.SeqTo;
        _bulks.Add(new BulkRange(notice, [.. alertIds]));
        return notice;
    }

    /// <summary>
    /// Replaces a snapshot of stored state with <paramref name="value"/> once this unit of work has committed (and not at
    /// all if it fails). Compute the value inside the work, from the work's own view of the store.
    /// </summary>
    public void Replace<T>(StoreSnapshot<T> snapshot, T value) where T : class => _afterCommit.Add(() => snapshot.Replace(value));

    /// <summary>Runs the swaps recorded by <see cref="Replace{T}"/>; the writer calls it after the commit, under the lock.</summary>
    internal void Committed()
    {
        foreach (var swap in _afterCommit)
        {
            swap();
        }
    }
}
