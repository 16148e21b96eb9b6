using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Sla;

namespace SecOps.Benchmarks;

/// <summary>
/// Fills a store the app has already migrated with many realistic alerts, straight into "Alerts" (the columns of the
/// app's own insert, <c>AlertRows</c>): on SQLite with a prepared Microsoft.Data.Sqlite statement, one transaction per
/// 10,000 rows; on PostgreSQL with binary COPY (<see cref="FillFast"/>). Going through the API would take minutes per million.
/// </summary>
/// <remarks>
/// Field values come from documents the demo generator made and the ingest mapper mapped; each row then
/// gets its own document id and a drawn severity (40% low, 30% medium, 20% high, 10% critical), status
/// (60% open, 15% acknowledged, 10% in progress, 15% closed) and time (over the last 30 days, in ingest
/// order with up to 5 minutes of disorder). The stored raw document is the template's, so its own
/// severity and times need not match the columns. No change-feed rows: the board query never reads them.
/// </remarks>
public static class AlertBulkLoad
{
    public const int TransactionSize = 10_000;
    private const int Templates = 2_000;

    private static readonly string[] Columns =
    [
        "DocumentId", "Source", "EventTime", "AlertTime", "IngestedAt", "UpdatedAt", "RuleName", "RuleId", "Severity", "RiskScore",
        "Reason", "MitreTactic", "MitreTechnique", "HostName", "UserName", "SourceIp", "DestinationIp", "EventCategory", "EventAction",
        "Fingerprint", "RawDocument", "ContentHash", "Status", "CloseReason", "AssigneeId", "AssigneeName", "AcknowledgedAt", "ClosedAt",
        "SuppressedBy", "LastSeq", "Version", "SourceIpKey", "DestinationIpKey",
    ];

    private static readonly string InsertSql =
        $"""INSERT INTO "Alerts" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"$p{i}"))})""";

    /// <summary>Inserts <paramref name="count"/> alerts row by row, the SQLite triggers keeping their aggregates, and returns the elapsed time.</summary>
    public static TimeSpan Fill(string databaseFile, int count, DateTimeOffset now)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false, DefaultTimeout = 60 }.ToString());
        connection.Open();
        var elapsed = InsertSqlite(connection, count, now);
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        return elapsed;
    }

    /// <summary>
    /// Loads <paramref name="count"/> alerts into the host's store the fast way for tens of millions of rows, leaving the
    /// schema, indexes and aggregates as the app's own writes would: the table's secondary indexes (and on SQLite its
    /// triggers) are taken off, the rows loaded (PostgreSQL: binary COPY in one transaction; SQLite: the prepared insert,
    /// transactions of 10,000), the indexes rebuilt, then on SQLite the triggers put back and what they keep (per-status
    /// totals, compliance day aggregates) rebuilt from the alerts; PostgreSQL gets <c>VACUUM ANALYZE</c>, as autovacuum
    /// would after a load this size. Prints each step's time.
    /// </summary>
    public static TimeSpan FillFast(BenchmarkHost host, int count, DateTimeOffset now)
    {
        var stopwatch = Stopwatch.StartNew();
        using var connection = host.OpenStoreConnection();
        var postgres = host.Store == StoreProvider.Postgres;
        var deferred = Deferred(connection, postgres);
        foreach (var (name, _) in deferred)
        {
            Execute(connection, postgres ? $"DROP INDEX \"{name}\"" : $"DROP {(name.StartsWith("TR_", StringComparison.Ordinal) ? "TRIGGER" : "INDEX")} \"{name}\"");
        }
        var rows = postgres ? CopyPostgres((NpgsqlConnection)connection, count, now) : InsertSqlite((SqliteConnection)connection, count, now);
        Console.WriteLine($"   load: {count:N0} rows in {rows.TotalSeconds:F1} s ({count / rows.TotalSeconds:N0} rows/s) without {deferred.Count} indexes/triggers");
        var step = Stopwatch.StartNew();
        if (postgres)
        {
            // This session only: room to sort tens of millions of keys in memory (the server's default is 64 MB).
            Execute(connection, "SET maintenance_work_mem = '1GB'");
        }
        foreach (var (_, sql) in deferred)
        {
            Execute(connection, sql);
        }
        Console.WriteLine($"   indexes{(postgres ? "" : " and triggers")} rebuilt: {step.Elapsed.TotalSeconds:F1} s");
        step.Restart();
        if (postgres)
        {
            Execute(connection, "VACUUM ANALYZE \"Alerts\"");
            Console.WriteLine($"   VACUUM ANALYZE: {step.Elapsed.TotalSeconds:F1} s");
        }
        else
        {
            RebuildSqliteAggregates(host);
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
            Console.WriteLine($"   status totals and compliance aggregates rebuilt, checkpoint: {step.Elapsed.TotalSeconds:F1} s");
        }
        return stopwatch.Elapsed;
    }

    /// <summary>The table's secondary indexes, then on SQLite its triggers, with the SQL that re-creates each.</summary>
    private static List<(string Name, string Sql)> Deferred(DbConnection connection, bool postgres)
    {
        using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? """
              SELECT i.indexname, i.indexdef FROM pg_indexes i
              WHERE i.schemaname = current_schema() AND i.tablename = 'Alerts'
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
              """
            : """SELECT name, sql FROM sqlite_master WHERE tbl_name = 'Alerts' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type = 'trigger', name""";
        using var reader = command.ExecuteReader();
        var deferred = new List<(string, string)>();
        while (reader.Read())
        {
            deferred.Add((reader.GetString(0), reader.GetString(1)));
        }
        return deferred;
    }

    private static void RebuildSqliteAggregates(BenchmarkHost host)
    {
        using var db = host.Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContext();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        using var transaction = db.Database.BeginTransaction();
        if (db.HasStatusTotals)
        {
            db.Database.ExecuteSqlRaw("""UPDATE "AlertStatusTotals" SET "Count" = (SELECT COUNT(*) FROM "Alerts" WHERE "Alerts"."Status" = "AlertStatusTotals"."Status" AND "SuppressedBy" IS NULL)""");
        }
        if (db.HasComplianceAggregates)
        {
            var (acknowledge, resolve) = ComplianceAggregates.Targets(host.Services.GetRequiredService<IOptions<SlaOptions>>().Value);
            ComplianceAggregates.RebuildAsync(db, acknowledge, resolve, CancellationToken.None).GetAwaiter().GetResult();
        }
        transaction.Commit();
    }

    private static TimeSpan InsertSqlite(SqliteConnection connection, int count, DateTimeOffset now)
    {
        Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;");
        using var insert = connection.CreateCommand();
        insert.CommandText = InsertSql;
        var p = new SqliteParameter[Columns.Length];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = insert.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i });
        }
        insert.Prepare();

        var stopwatch = Stopwatch.StartNew();
        var rows = Rows(count, now).GetEnumerator();
        for (var first = 0; first < count; first += TransactionSize)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var n = first; n < Math.Min(count, first + TransactionSize) && rows.MoveNext(); n++)
            {
                for (var i = 0; i < p.Length; i++)
                {
                    p[i].Value = rows.Current[i];
                }
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        return stopwatch.Elapsed;
    }

    private static TimeSpan CopyPostgres(NpgsqlConnection connection, int count, DateTimeOffset now)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var copy = connection.BeginBinaryImport($"""COPY "Alerts" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)"""))
        {
            var n = 0;
            foreach (var row in Rows(count, now))
            {
                copy.StartRow();
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case DBNull:
                            copy.WriteNull();
                            break;
                        case string text:
                            copy.Write(text, NpgsqlDbType.Text);
                            break;
                        case long integer:
                            copy.Write(integer, NpgsqlDbType.Bigint);
                            break;
                        case int integer:
                            copy.Write(integer, NpgsqlDbType.Integer);
                            break;
                        case double real:
                            copy.Write(real, NpgsqlDbType.Double);
                            break;
                        default:
                            throw new InvalidOperationException($"No COPY type for {value.GetType()}.");
                    }
                }
                if (++n % 1_000_000 == 0)
                {
                    Console.WriteLine($"     {n:N0} rows copied, {stopwatch.Elapsed.TotalSeconds:F0} s");
                }
            }
            copy.Complete();
        }
        return stopwatch.Elapsed;
    }

    /// <summary>The column values of <paramref name="count"/> alerts, in <see cref="Columns"/> order (one array reused per row).</summary>
    private static IEnumerable<object[]> Rows(int count, DateTimeOffset now)
    {
        var templates = SqliteBaseline.Rows(new AlertDocuments(seed: 11).NdjsonBatches(Templates, 1_000, now), now).SelectMany(b => b).ToArray();
        var random = new Random(12);
        var span = TimeSpan.FromDays(30);
        var start = now - span;
        var step = span.Ticks / count;
        var p = new object[Columns.Length];
        for (var n = 0; n < count; n++)
        {
            var t = templates[random.Next(templates.Length)];
            var alertTime = start + TimeSpan.FromTicks((n * step) - random.NextInt64(TimeSpan.TicksPerMinute * 5));
            var ingestedAt = alertTime + TimeSpan.FromMilliseconds(random.Next(50, 5_000));
            var status = Draw(random, 60, 15, 10) switch { 0 => AlertStatus.Open, 1 => AlertStatus.Acknowledged, 2 => AlertStatus.InProgress, _ => AlertStatus.Closed };
            var handled = status == AlertStatus.Open ? (DateTimeOffset?)null : ingestedAt + TimeSpan.FromMinutes(random.Next(1, 240));
            var closed = status == AlertStatus.Closed ? handled + TimeSpan.FromMinutes(random.Next(1, 600)) : null;
            var assignee = status is AlertStatus.InProgress or AlertStatus.Closed ? $"analyst-{random.Next(1, 9)}" : null;

            p[0] = Guid.NewGuid().ToString();
            p[1] = t.Source;
            p[2] = (alertTime - TimeSpan.FromSeconds(random.Next(1, 90))).UtcTicks;
            p[3] = alertTime.UtcTicks;
            p[4] = ingestedAt.UtcTicks;
            p[5] = (closed ?? handled ?? ingestedAt).UtcTicks;
            p[6] = t.RuleName;
            p[7] = Db(t.RuleId);
            p[8] = 1 + Draw(random, 40, 30, 20);
            p[9] = t.RiskScore is { } risk ? risk : DBNull.Value;
            p[10] = Db(t.Reason);
            p[11] = Db(t.MitreTactic);
            p[12] = Db(t.MitreTechnique);
            p[13] = Db(t.HostName);
            p[14] = Db(t.UserName);
            p[15] = Db(t.SourceIp);
            p[16] = Db(t.DestinationIp);
            p[17] = Db(t.EventCategory);
            p[18] = Db(t.EventAction);
            p[19] = t.Fingerprint;
            p[20] = t.RawDocument;
            p[21] = t.ContentHash;
            p[22] = (int)status;
            p[23] = status == AlertStatus.Closed ? (int)(random.Next(10) < 7 ? CloseReason.FalsePositive : CloseReason.TruePositive) : DBNull.Value;
            p[24] = Db(assignee);
            p[25] = Db(assignee);
            p[26] = handled is { } ack ? ack.UtcTicks : DBNull.Value;
            p[27] = closed is { } c ? c.UtcTicks : DBNull.Value;
            p[28] = DBNull.Value;
            p[29] = n + 1L;
            p[30] = status == AlertStatus.Open ? 0 : 1;
            p[31] = Db(IpKey.Of(t.SourceIp));
            p[32] = Db(IpKey.Of(t.DestinationIp));
            yield return p;
        }
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    /// <summary>0, 1 or 2 with the given percentages, otherwise 3.</summary>
    private static int Draw(Random random, int first, int second, int third)
    {
        var roll = random.Next(100);
        return roll < first ? 0 : roll < first + second ? 1 : roll < first + second + third ? 2 : 3;
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;
}
