namespace SecOps.IntegrationTests.Support;

/// <summary>
/// What a test has received so far (hub messages, samples), in arrival order. A waiter re-checks its condition each
/// time something arrives, so a test waits for the thing it needs, not for a length of time; the timeout only bounds
/// a failing test.
/// </summary>
public sealed class Arrivals<T>
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private readonly List<T> _items = [];
    private readonly object _gate = new();
    private TaskCompletionSource _next = NewSignal();

    public void Add(T item)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _items.Add(item);
            arrived = _next;
            _next = NewSignal();
        }
        arrived.SetResult();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    public bool Any(Func<T, bool> predicate) => Snapshot().Any(predicate);

    public int Count(Func<T, bool> predicate) => Snapshot().Count(predicate);

    /// <summary>Completes once <paramref name="condition"/> holds over what has arrived; fails the test naming <paramref name="what"/> otherwise.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<T>, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (condition([.. _items]))
                {
                    return;
                }
                arrived = _next.Task;
            }
            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting for {what}; {Snapshot().Count} arrived");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
