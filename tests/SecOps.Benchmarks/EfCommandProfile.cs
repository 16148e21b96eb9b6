using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SecOps.Benchmarks;

/// <summary>
/// Sums the time EF Core spends in database commands and commits in this process (the hosted app runs
/// in it), grouped by statement kind and table: a hint at where a request's time goes.
/// </summary>
public sealed partial class EfCommandProfile : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Count, TimeSpan Total)> _totals = [];
    private readonly Dictionary<(DbContext, string), long> _open = [];
    private readonly List<IDisposable> _subscriptions = [];
    private bool _enabled;

    private readonly bool _byStatement;

    /// <param name="byStatement">Key commands by the start of their SQL rather than by verb and table, to tell apart many reads of one table.</param>
    public EfCommandProfile(bool byStatement = false)
    {
        _byStatement = byStatement;
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>Clears what was recorded so far and starts recording.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _totals.Clear();
            _enabled = true;
        }
    }

    /// <summary>Stops recording and prints the totals, largest first.</summary>
    public void Print(string indent, int perUnit, string unit)
    {
        lock (_gate)
        {
            _enabled = false;
            foreach (var (key, (count, total)) in _totals.OrderByDescending(t => t.Value.Total))
            {
                Console.WriteLine($"{indent}{key.PadRight(_byStatement ? 110 : 34)} {count,8:N0} x {total.TotalSeconds,7:F2} s = {total.TotalMilliseconds / perUnit,7:F2} ms per {unit}");
            }
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(listener.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> entry)
    {
        switch (entry.Value)
        {
            case CommandExecutedEventData e:
                Add(_byStatement ? Opening(e.Command.CommandText) : Describe(e.Command.CommandText), e.Duration);
                break;
            case TransactionEndEventData e when entry.Key == RelationalEventId.TransactionCommitted.Name:
                Add("COMMIT", e.Duration);
                break;
            // Whole spans, EF's own work included: a context from creation to disposal, and SaveChanges.
            case ContextInitializedEventData e:
                Open(e.Context, "[span] DbContext lifetime");
                break;
            case DbContextEventData e when entry.Key == CoreEventId.ContextDisposed.Name:
                Close(e.Context!, "[span] DbContext lifetime");
                break;
            case DbContextEventData e when entry.Key == CoreEventId.SaveChangesStarting.Name:
                Open(e.Context!, "[span] SaveChanges");
                break;
            case DbContextEventData e when entry.Key == CoreEventId.SaveChangesCompleted.Name:
                Close(e.Context!, "[span] SaveChanges");
                break;
        }
    }

    private void Add(string key, TimeSpan duration)
    {
        lock (_gate)
        {
            if (_enabled)
            {
                var (count, total) = _totals.GetValueOrDefault(key);
                _totals[key] = (count + 1, total + duration);
            }
        }
    }

    private void Open(DbContext context, string span)
    {
        lock (_gate)
        {
            _open[(context, span)] = Stopwatch.GetTimestamp();
        }
    }

    private void Close(DbContext context, string span)
    {
        long started;
        lock (_gate)
        {
            if (!_open.Remove((context, span), out started))
            {
                return;
            }
        }
        Add(span, Stopwatch.GetElapsedTime(started));
    }

    private static string Opening(string sql)
    {
        var flat = Whitespace().Replace(sql, " ").Trim();
        return flat[..Math.Min(flat.Length, 110)];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>"INSERT Alerts (3 statements)": the verbs and tables of a command, which EF may batch.</summary>
    private static string Describe(string sql)
    {
        var statements = Statement().Matches(sql).Select(m => $"{m.Groups[1].Value.Split(' ')[0]} {m.Groups[2].Value}").ToList();
        var first = statements.FirstOrDefault() ?? sql[..Math.Min(sql.Length, 30)];
        return statements.Count > 1 ? $"{first} (+{statements.Count - 1} more)" : first;
    }

    [GeneratedRegex(@"(?:^|;)\s*(SELECT\b.*?\bFROM|INSERT INTO|UPDATE|DELETE FROM)\s+""(\w+)""", RegexOptions.Singleline)]
    private static partial Regex Statement();

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose() => _subscriptions.ForEach(s => s.Dispose());
}
