using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SecOps.Benchmarks;

/// <summary>
/// Runs the SQL text EF Core shows through <c>ToQueryString()</c> (<c>.param set</c> lines, then the statement)
/// directly on a SQLite file: its <c>EXPLAIN QUERY PLAN</c> and bare timings without EF.
/// </summary>
public sealed class SqlitePlan : IStorePlan
{
    private readonly SqliteConnection _connection;
    private readonly List<(string Name, object Value)> _parameters = [];

    public SqlitePlan(string databaseFile, string efQueryString)
    {
        var lines = efQueryString.Split('\n');
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line.Trim().Split(' ', 4);
            _parameters.Add((parts[2], Literal(parts[3])));
        }
        Sql = string.Join('\n', lines.Where(l => !l.StartsWith(".param set ", StringComparison.Ordinal))).Trim();
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false, DefaultTimeout = 60 }.ToString());
        _connection.Open();
    }

    public string Sql { get; }

    public IReadOnlyList<(string Name, object Value)> Parameters => _parameters;

    public List<string> Explain()
    {
        using var command = Command("EXPLAIN QUERY PLAN " + Sql);
        using var reader = command.ExecuteReader();
        var depth = new Dictionary<long, int> { [0] = 0 };
        var lines = new List<string>();
        while (reader.Read())
        {
            var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
            depth[reader.GetInt64(0)] = level;
            lines.Add(new string(' ', 2 * level) + reader.GetString(3));
        }
        return lines;
    }

    public Percentiles Time(int warmup, int runs)
    {
        var samples = new List<double>(runs);
        for (var n = 0; n < warmup + runs; n++)
        {
            var stopwatch = Stopwatch.StartNew();
            using (var command = Command(Sql))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                }
            }
            if (n >= warmup)
            {
                samples.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }
        return new Percentiles(samples);
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in _parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    private static object Literal(string text)
    {
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }
        return text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' ? text[1..^1].Replace("''", "'", StringComparison.Ordinal) : text;
    }

    public void Dispose() => _connection.Dispose();
}
