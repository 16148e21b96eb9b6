namespace SecOps.Web.Data;

/// <summary>
/// An in-memory copy of stored state (for example the active suppression rules), held as one immutable value that is
/// replaced whole, never edited. A change of that state replaces the value through <see cref="ChangeSet.Replace{T}"/>:
/// the unit of work computes the new value inside the write lock, and the <see cref="StoreWriter"/> swaps it in after the
/// commit, before it releases the lock. So a reader inside a later unit of work always sees every committed change, and
/// no reader ever writes a value back: the first load only fills an empty snapshot, so a stale load cannot replace a newer one.
/// </summary>
public sealed class StoreSnapshot<T> where T : class
{
    private T? _value;

    /// <summary>The current value, or null until the first load or change.</summary>
    public T? Current => Volatile.Read(ref _value);

    /// <summary>
    /// The current value, loaded by <paramref name="load"/> when there is none yet. Call it inside a unit of work of the
    /// <see cref="StoreWriter"/>, so the load sees the same committed state as the rest of the work.
    /// </summary>
    public async ValueTask<T> GetAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        if (Current is { } value)
        {
            return value;
        }
        var loaded = await load(cancellationToken);
        // Only an empty snapshot is filled: a value swapped in by a commit meanwhile is newer than this load and wins.
        return Interlocked.CompareExchange(ref _value, loaded, null) ?? loaded;
    }

    /// <summary>Swaps in the value a commit produced; only the writer calls this, after the commit, under the write lock.</summary>
    internal void Replace(T value) => Volatile.Write(ref _value, value);
}
