using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Live;

namespace SecOps.Benchmarks;

/// <summary>
/// The bare baseline for ingest: the rows the app writes for new alerts (one "Alerts" row and one
/// "ChangeFeed" row each), inserted with prepared Microsoft.Data.Sqlite statements, one transaction per
/// batch, into a fresh database created by the app's own migrations (same schema, indexes and WAL mode).
/// </summary>
public sealed class SqliteBaseline : IIngestBaseline
{
    private const string InsertAlert = """
        INSERT INTO "Alerts" ("DocumentId", "Source", "EventTime", "AlertTime", "IngestedAt", "UpdatedAt", "RuleName", "RuleId",
            "Severity", "RiskScore", "Reason", "MitreTactic", "MitreTechnique", "HostName", "UserName", "SourceIp", "DestinationIp",
            "EventCategory", "EventAction", "Fingerprint", "RawDocument", "ContentHash", "Status", "CloseReason", "AssigneeId",
            "AssigneeName", "AcknowledgedAt", "ClosedAt", "LastSeq", "Version")
        VALUES ($documentId, $source, $eventTime, $alertTime, $ingestedAt, $updatedAt, $ruleName, $ruleId,
            $severity, $riskScore, $reason, $mitreTactic, $mitreTechnique, $hostName, $userName, $sourceIp, $destinationIp,
            $eventCategory, $eventAction, $fingerprint, $rawDocument, $contentHash, $status, NULL, NULL,
            NULL, NULL, NULL, $lastSeq, 0)
        RETURNING "Id"
        """;

    private const string InsertChange = """
        INSERT INTO "ChangeFeed" ("Seq", "Kind", "EntityId", "At") VALUES ($seq, $kind, $entityId, $at)
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "secops-baseline-" + Guid.NewGuid().ToString("N"));
    private readonly SecOpsDbContext _db;
    private long _seq;

    public SqliteBaseline()
    {
        Directory.CreateDirectory(_directory);
        // Configured as the app's DataSetup does: pooled, 30 s busy timeout, and its per-connection pragmas.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "secops.db"), Pooling = true, DefaultTimeout = 30 }.ToString();
        _db = new SecOpsDbContext(new DbContextOptionsBuilder<SecOpsDbContext>().UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()).Options);
        DataSetup.MigrateAsync(_db, CancellationToken.None).GetAwaiter().GetResult();
        // EF only opens the connection (running the app's pragmas); the inserts below use it directly.
        _db.Database.OpenConnection();
        Connection = (SqliteConnection)_db.Database.GetDbConnection();
    }

    public SqliteConnection Connection { get; }

    /// <summary>"... journal_mode=wal synchronous=1": how it writes and the settings it actually ran with.</summary>
    public string Describe()
    {
        using var command = Connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; PRAGMA synchronous;";
        using var reader = command.ExecuteReader();
        reader.Read();
        var journal = reader.GetString(0);
        reader.NextResult();
        reader.Read();
        return $"prepared statements, one row at a time (in-process, no round trips); journal_mode={journal} synchronous={reader.GetInt64(0)}";
    }

    /// <summary>Maps NDJSON bodies to rows exactly as the ingest endpoint does; not part of the timed work.</summary>
    public static List<Alert[]> Rows(IEnumerable<byte[]> ndjsonBatches, DateTimeOffset now) =>
        [.. ndjsonBatches.Select(body => IngestBodyReader.Split(body, declaredNdjson: true, new IngestOptions().MaxDocumentBytes)
            .Select(document => AlertDocumentMapper.Map(document, "api", now).Alert ?? throw new InvalidOperationException("A generated document was rejected."))
            .ToArray())];

    public TimeSpan Insert(IEnumerable<Alert[]> batches)
    {
        var connection = Connection;
        using var alertCommand = Prepare(connection, InsertAlert, "$documentId", "$source", "$eventTime", "$alertTime", "$ingestedAt", "$updatedAt",
            "$ruleName", "$ruleId", "$severity", "$riskScore", "$reason", "$mitreTactic", "$mitreTechnique", "$hostName", "$userName", "$sourceIp",
            "$destinationIp", "$eventCategory", "$eventAction", "$fingerprint", "$rawDocument", "$contentHash", "$status", "$lastSeq");
        using var changeCommand = Prepare(connection, InsertChange, "$seq", "$kind", "$entityId", "$at");
        var a = alertCommand.Parameters;
        var c = changeCommand.Parameters;

        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            using var transaction = connection.BeginTransaction();
            alertCommand.Transaction = transaction;
            changeCommand.Transaction = transaction;
            var now = DateTimeOffset.UtcNow.UtcTicks;
            foreach (var alert in batch)
            {
                var seq = ++_seq;
                a[0].Value = alert.DocumentId;
                a[1].Value = alert.Source;
                a[2].Value = alert.EventTime.UtcTicks;
                a[3].Value = alert.AlertTime.UtcTicks;
                a[4].Value = now;
                a[5].Value = now;
                a[6].Value = alert.RuleName;
                a[7].Value = Db(alert.RuleId);
                a[8].Value = (int)alert.Severity;
                a[9].Value = alert.RiskScore is { } risk ? risk : DBNull.Value;
                a[10].Value = Db(alert.Reason);
                a[11].Value = Db(alert.MitreTactic);
                a[12].Value = Db(alert.MitreTechnique);
                a[13].Value = Db(alert.HostName);
                a[14].Value = Db(alert.UserName);
                a[15].Value = Db(alert.SourceIp);
                a[16].Value = Db(alert.DestinationIp);
                a[17].Value = Db(alert.EventCategory);
                a[18].Value = Db(alert.EventAction);
                a[19].Value = alert.Fingerprint;
                a[20].Value = alert.RawDocument;
                a[21].Value = alert.ContentHash;
                a[22].Value = (int)alert.Status;
                a[23].Value = seq;
                var id = (long)alertCommand.ExecuteScalar()!;

                c[0].Value = seq;
                c[1].Value = (int)ChangeKind.AlertCreated;
                c[2].Value = id;
                c[3].Value = now;
                changeCommand.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        return stopwatch.Elapsed;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;

    public void Dispose()
    {
        _db.Dispose();
        SqliteConnection.ClearAllPools();
        BenchmarkHost.TryDelete(_directory);
    }
}
