using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Live;

/// <summary>
/// Aggregates that many circuits show (grouped counts, overview tiles), computed once per process and shared. Each
/// distinct aggregate has one entry, keyed by its normalised query; when the feed has moved, every watched entry is
/// recomputed at most once per <see cref="LiveOptions.AggregateInterval"/> (the first change after a quiet spell at
/// once), and its watchers are told when the new snapshot is ready. An entry nobody watches any more is dropped.
/// Callers check the watcher's permission before they call <see cref="Watch{T}"/>: a snapshot holds no access rules.
/// </summary>
public sealed class SharedAggregates : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = [];
    private readonly Channel<bool> _moved = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly LiveFeed _feed;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<SharedAggregates> _logger;
    private readonly IDisposable _changes;
    private readonly IDisposable _bulk;
    private readonly Task _loop;
    private long _computations;

    public SharedAggregates(LiveFeed feed, IOptions<LiveOptions> options, TimeProvider time, ILogger<SharedAggregates> logger)
    {
        _feed = feed;
        _time = time;
        _interval = options.Value.AggregateInterval;
        _logger = logger;
        _changes = feed.Subscribe(_ => _moved.Writer.TryWrite(true));
        _bulk = feed.SubscribeBulk(_ => _moved.Writer.TryWrite(true));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How many times any aggregate has been computed since start (for tests and benchmarks).</summary>
    public long Computations => Interlocked.Read(ref _computations);

    /// <summary>How many distinct aggregates are watched now.</summary>
    public int Watched
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Watches the aggregate under <paramref name="key"/>: the first watcher's <paramref name="compute"/> computes it (the
    /// same key must always mean the same computation); <paramref name="onChanged"/> gets every later snapshot.
    /// </summary>
    public AggregateWatch<T> Watch<T>(string key, Func<CancellationToken, Task<T>> compute, Action<T> onChanged)
    {
        Entry<T> entry;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var known) && known is Entry<T> typed)
            {
                entry = typed;
            }
            else
            {
                entry = new Entry<T>(key, compute, this);
                _entries[key] = entry;
            }
            entry.Watchers++;
        }
        IDisposable? subscription = null;
        var watch = new AggregateWatch<T>(() =>
        {
            subscription?.Dispose();
            lock (_gate)
            {
                if (--entry.Watchers == 0 && _entries.TryGetValue(key, out var current) && current == entry)
                {
                    _entries.Remove(key);
                }
            }
        });
        // The watch hears of new snapshots before the current one is read, so a refresh finishing in between is not missed
        // and an older snapshot never replaces a newer one (Subscribers logs a watcher that throws).
        subscription = entry.Subscribe(value =>
        {
            watch.Arrived(value);
            onChanged(value);
        });
        if (entry.Current.IsFaulted)
        {
            // The last computation failed: the next round retries it.
            _moved.Writer.TryWrite(true);
        }
        watch.Begin(entry.Current);
        return watch;
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _moved.Reader.WaitToReadAsync(_stop.Token))
            {
                _moved.Reader.TryRead(out _);
                var started = _time.GetTimestamp();
                Entry[] entries;
                lock (_gate)
                {
                    entries = [.. _entries.Values];
                }
                var head = _feed.Head;
                foreach (var entry in entries)
                {
                    await entry.RefreshAsync(head, _stop.Token);
                }
                // At most one round per interval: changes meanwhile wait in the (single-slot) signal.
                var wait = _interval - _time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, _stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Dispose();
        _bulk.Dispose();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private abstract class Entry
    {
        public int Watchers { get; set; }

        public abstract Task RefreshAsync(long head, CancellationToken cancellationToken);
    }

    private sealed class Entry<T> : Entry
    {
        private readonly string _key;
        private readonly Func<CancellationToken, Task<T>> _compute;
        private readonly SharedAggregates _owner;
        private readonly Subscribers<T> _watchers;
        private long _seq;

        public Entry(string key, Func<CancellationToken, Task<T>> compute, SharedAggregates owner)
        {
            _key = key;
            _compute = compute;
            _owner = owner;
            _watchers = new Subscribers<T>(owner._logger);
            _seq = owner._feed.Head;
            // On the thread pool: the caller holds the owner's lock.
            Current = Task.Run(() => ComputeAsync(CancellationToken.None));
        }

        /// <summary>The latest snapshot (the first one while it is being computed).</summary>
        public Task<T> Current
        {
            get => Volatile.Read(ref _current);
            private set => Volatile.Write(ref _current, value);
        }

        private Task<T> _current = Task.FromResult(default(T)!);

        public IDisposable Subscribe(Action<T> onChanged) => _watchers.Add(onChanged);

        public override async Task RefreshAsync(long head, CancellationToken cancellationToken)
        {
            try
            {
                // A snapshot still being computed for its first watcher counts as this round's.
                await Current;
            }
            catch (Exception)
            {
                // The first computation failed (and was logged); this round tries again.
            }
            if (Interlocked.Read(ref _seq) >= head && Current.IsCompletedSuccessfully)
            {
                return;
            }
            Interlocked.Exchange(ref _seq, head);
            T value;
            try
            {
                value = await ComputeAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Logged by ComputeAsync; watchers keep the last good snapshot and the next change tries again.
                Interlocked.Exchange(ref _seq, 0);
                return;
            }
            Current = Task.FromResult(value);
            _watchers.Send(value);
        }

        private async Task<T> ComputeAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _owner._computations);
            try
            {
                return await _compute(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _owner._logger.LogError(e, "Computing the shared aggregate {Key} failed", _key);
                throw;
            }
        }
    }
}
