using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SecOps.Web.Features.Alerts;

namespace SecOps.Benchmarks;

/// <summary>
/// Fills a store the app has already migrated with many realistic alerts, straight into "Alerts" with a
/// prepared Microsoft.Data.Sqlite statement (the columns of the app's own insert, <c>AlertRows</c>), one
/// transaction per 10,000 rows. Going through the API would take minutes per million.
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

    /// <summary>Inserts <paramref name="count"/> alerts and returns the elapsed time.</summary>
    public static TimeSpan Fill(string databaseFile, int count, DateTimeOffset now)
    {
        var templates = SqliteBaseline.Rows(new AlertDocuments(seed: 11).NdjsonBatches(Templates, 1_000, now), now).SelectMany(b => b).ToArray();
        var random = new Random(12);
        var span = TimeSpan.FromDays(30);
        var start = now - span;
        var step = span.Ticks / count;

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false, DefaultTimeout = 60 }.ToString());
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;";
            pragmas.ExecuteNonQuery();
        }
        using var insert = connection.CreateCommand();
        insert.CommandText = InsertSql;
        var p = new SqliteParameter[Columns.Length];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = insert.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i });
        }
        insert.Prepare();

        var stopwatch = Stopwatch.StartNew();
        for (var first = 0; first < count; first += TransactionSize)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var n = first; n < Math.Min(count, first + TransactionSize); n++)
            {
                var t = templates[random.Next(templates.Length)];
                var alertTime = start + TimeSpan.FromTicks((n * step) - random.NextInt64(TimeSpan.TicksPerMinute * 5));
                var ingestedAt = alertTime + TimeSpan.FromMilliseconds(random.Next(50, 5_000));
                var status = Draw(random, 60, 15, 10) switch { 0 => AlertStatus.Open, 1 => AlertStatus.Acknowledged, 2 => AlertStatus.InProgress, _ => AlertStatus.Closed };
                var handled = status == AlertStatus.Open ? (DateTimeOffset?)null : ingestedAt + TimeSpan.FromMinutes(random.Next(1, 240));
                var closed = status == AlertStatus.Closed ? handled + TimeSpan.FromMinutes(random.Next(1, 600)) : null;
                var assignee = status is AlertStatus.InProgress or AlertStatus.Closed ? $"analyst-{random.Next(1, 9)}" : null;

                p[0].Value = Guid.NewGuid().ToString();
                p[1].Value = t.Source;
                p[2].Value = (alertTime - TimeSpan.FromSeconds(random.Next(1, 90))).UtcTicks;
                p[3].Value = alertTime.UtcTicks;
                p[4].Value = ingestedAt.UtcTicks;
                p[5].Value = (closed ?? handled ?? ingestedAt).UtcTicks;
                p[6].Value = t.RuleName;
                p[7].Value = Db(t.RuleId);
                p[8].Value = 1 + Draw(random, 40, 30, 20);
                p[9].Value = t.RiskScore is { } risk ? risk : DBNull.Value;
                p[10].Value = Db(t.Reason);
                p[11].Value = Db(t.MitreTactic);
                p[12].Value = Db(t.MitreTechnique);
                p[13].Value = Db(t.HostName);
                p[14].Value = Db(t.UserName);
                p[15].Value = Db(t.SourceIp);
                p[16].Value = Db(t.DestinationIp);
                p[17].Value = Db(t.EventCategory);
                p[18].Value = Db(t.EventAction);
                p[19].Value = t.Fingerprint;
                p[20].Value = t.RawDocument;
                p[21].Value = t.ContentHash;
                p[22].Value = (int)status;
                p[23].Value = status == AlertStatus.Closed ? (int)(random.Next(10) < 7 ? CloseReason.FalsePositive : CloseReason.TruePositive) : DBNull.Value;
                p[24].Value = Db(assignee);
                p[25].Value = Db(assignee);
                p[26].Value = handled is { } ack ? ack.UtcTicks : DBNull.Value;
                p[27].Value = closed is { } c ? c.UtcTicks : DBNull.Value;
                p[28].Value = DBNull.Value;
                p[29].Value = n + 1L;
                p[30].Value = status == AlertStatus.Open ? 0 : 1;
                p[31].Value = Db(IpKey.Of(t.SourceIp));
                p[32].Value = Db(IpKey.Of(t.DestinationIp));
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        var elapsed = stopwatch.Elapsed;
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
        return elapsed;
    }

    /// <summary>0, 1 or 2 with the given percentages, otherwise 3.</summary>
    private static int Draw(Random random, int first, int second, int third)
    {
        var roll = random.Next(100);
        return roll < first ? 0 : roll < first + second ? 1 : roll < first + second + third ? 2 : 3;
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;
}
