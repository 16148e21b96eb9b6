using Microsoft.Extensions.Logging;

namespace SecOps.Tests.Support;

/// <summary>
/// A logger a test can wait on: every entry is kept, and <see cref="WaitForAsync"/> completes when the code under test
/// logs an entry that matches, so a test waits for what happened rather than for time to pass.
/// </summary>
public sealed class AwaitableLog<T> : ILogger<T>
{
    public sealed record Entry(LogLevel Level, string Message, Exception? Exception);

    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly List<(Func<Entry, bool> Match, TaskCompletionSource<Entry> Done)> _waiters = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public Task<Entry> WaitForAsync(Func<Entry, bool> match)
    {
        lock (_gate)
        {
            if (_entries.Find(e => match(e)) is { } found)
            {
                return Task.FromResult(found);
            }
            var done = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = new Entry(logLevel, formatter(state, exception), exception);
        lock (_gate)
        {
            _entries.Add(entry);
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                waiter.Done.TrySetResult(entry);
                _waiters.Remove(waiter);
            }
        }
    }
}
