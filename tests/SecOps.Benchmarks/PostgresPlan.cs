using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace SecOps.Benchmarks;

/// <summary>
/// The command EF Core builds for a query (<c>CreateDbCommand</c>: its text and typed parameters, arrays included) run
/// bare on PostgreSQL: <c>EXPLAIN (ANALYZE, BUFFERS)</c> and timings without EF. Holds the context's connection open.
/// </summary>
public sealed class PostgresPlan : IStorePlan
{
    private readonly DbContext _db;
    private readonly DbCommand _command;

    public PostgresPlan(DbContext db, IQueryable query)
    {
        _db = db;
        _command = query.CreateDbCommand();
        _db.Database.OpenConnection();
        Sql = _command.CommandText;
        Parameters = [.. _command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value is Array array ? "{" + string.Join(", ", array.Cast<object>()) + "}" : p.Value ?? "NULL"))];
    }

    public string Sql { get; }

    public IReadOnlyList<(string Name, object Value)> Parameters { get; }

    public List<string> Explain()
    {
        _command.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + Sql;
        try
        {
            using var reader = _command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add("  " + reader.GetString(0));
            }
            return lines;
        }
        finally
        {
            _command.CommandText = Sql;
        }
    }

    public Percentiles Time(int warmup, int runs)
    {
        var samples = new List<double>(runs);
        for (var n = 0; n < warmup + runs; n++)
        {
            var stopwatch = Stopwatch.StartNew();
            using (var reader = _command.ExecuteReader())
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

    public void Execute(string sql) => _db.Database.ExecuteSqlRaw(sql);

    public void Dispose()
    {
        _command.Dispose();
        _db.Dispose();
    }
}
