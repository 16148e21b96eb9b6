using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SecOps.Benchmarks;

/// <summary>Counts the SQL commands EF Core runs in this process (the hosted app runs in it) whose text matches a test.</summary>
public sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Func<string, bool> _matches;
    private readonly List<IDisposable> _subscriptions = [];
    private long _count;

    public SqlCommandCounter(Func<string, bool> matches)
    {
        _matches = matches;
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public long Count => Interlocked.Read(ref _count);

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(listener.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> entry)
    {
        if (entry.Key == RelationalEventId.CommandExecuting.Name && entry.Value is CommandEventData { Command: DbCommand command } && _matches(command.CommandText))
        {
            Interlocked.Increment(ref _count);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose() => _subscriptions.ForEach(s => s.Dispose());
}
