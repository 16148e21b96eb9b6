using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using SecOps.Web.Data;
using SecOps.Web.Data.Postgres;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Benchmarks;

/// <summary>
/// The bare PostgreSQL baseline for ingest: per alert the rows the app writes (one "Alerts" row with the columns of the
/// app's <c>AlertRows</c>, its id back through RETURNING, and one "ChangeFeed" row), one transaction per batch, into a
/// database of its own migrated by the app's own migrations (same schema and indexes).
/// </summary>
/// <remarks>
/// Prepared INSERTs, not COPY: the change-feed row needs the alert's id, which COPY does not return, and the app's path
/// is INSERT ... RETURNING too, so the ratio compares like with like. <see cref="Pipelined"/> sends a batch's 1,000
/// prepared INSERTs of each table as one <see cref="NpgsqlBatch"/> (one round trip each); otherwise each row is its own
/// round trip, as the app's ingest writes them today, which shows what the round trips cost.
/// </remarks>
public sealed class PostgresBaseline : IIngestBaseline
{
    private static readonly (string Column, NpgsqlDbType Type, Func<Alert, object?> Value)[] Columns =
    [
        ("DocumentId", NpgsqlDbType.Text, a => a.DocumentId),
        ("Source", NpgsqlDbType.Text, a => a.Source),
        ("EventTime", NpgsqlDbType.Bigint, a => a.EventTime.UtcTicks),
        ("AlertTime", NpgsqlDbType.Bigint, a => a.AlertTime.UtcTicks),
        ("IngestedAt", NpgsqlDbType.Bigint, a => a.IngestedAt.UtcTicks),
        ("UpdatedAt", NpgsqlDbType.Bigint, a => a.UpdatedAt.UtcTicks),
        ("RuleName", NpgsqlDbType.Text, a => a.RuleName),
        ("RuleId", NpgsqlDbType.Text, a => a.RuleId),
        ("Severity", NpgsqlDbType.Integer, a => (int)a.Severity),
        ("RiskScore", NpgsqlDbType.Double, a => a.RiskScore),
        ("Reason", NpgsqlDbType.Text, a => a.Reason),
        ("MitreTactic", NpgsqlDbType.Text, a => a.MitreTactic),
        ("MitreTechnique", NpgsqlDbType.Text, a => a.MitreTechnique),
        ("HostName", NpgsqlDbType.Text, a => a.HostName),
        ("UserName", NpgsqlDbType.Text, a => a.UserName),
        ("SourceIp", NpgsqlDbType.Text, a => a.SourceIp),
        ("DestinationIp", NpgsqlDbType.Text, a => a.DestinationIp),
        ("SourceIpKey", NpgsqlDbType.Text, a => a.SourceIpKey),
        ("DestinationIpKey", NpgsqlDbType.Text, a => a.DestinationIpKey),
        ("EventCategory", NpgsqlDbType.Text, a => a.EventCategory),
        ("EventAction", NpgsqlDbType.Text, a => a.EventAction),
        ("Fingerprint", NpgsqlDbType.Text, a => a.Fingerprint),
        ("RawDocument", NpgsqlDbType.Text, a => a.RawDocument),
        ("ContentHash", NpgsqlDbType.Text, a => a.ContentHash),
        ("Status", NpgsqlDbType.Integer, a => (int)a.Status),
        ("CloseReason", NpgsqlDbType.Integer, a => a.CloseReason is { } r ? (int)r : null),
        ("AssigneeId", NpgsqlDbType.Text, a => a.AssigneeId),
        ("AssigneeName", NpgsqlDbType.Text, a => a.AssigneeName),
        ("AcknowledgedAt", NpgsqlDbType.Bigint, a => a.AcknowledgedAt?.UtcTicks),
        ("ClosedAt", NpgsqlDbType.Bigint, a => a.ClosedAt?.UtcTicks),
        ("SuppressedBy", NpgsqlDbType.Integer, a => a.SuppressedBy),
        ("LastSeq", NpgsqlDbType.Bigint, a => a.LastSeq),
        ("Version", NpgsqlDbType.Integer, a => a.Version),
    ];

    private static readonly string InsertAlert =
        $"""INSERT INTO "Alerts" ({string.Join(", ", Columns.Select(c => $"\"{c.Column}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"${i + 1}"))}) RETURNING "Id" """;

    private const string InsertChange = """INSERT INTO "ChangeFeed" ("Seq", "Kind", "EntityId", "At") VALUES ($1, $2, $3, $4)""";

    private readonly string _connectionString = BenchmarkPostgres.CreateDatabase("baseline");
    private readonly NpgsqlConnection _connection;
    private long _seq;

    public PostgresBaseline(bool pipelined)
    {
        Pipelined = pipelined;
        try
        {
            using (var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(_connectionString).Options))
            {
                DataSetup.MigrateAsync(db, CancellationToken.None).GetAwaiter().GetResult();
            }
            _connection = new NpgsqlConnection(_connectionString);
            _connection.Open();
        }
        catch
        {
            BenchmarkPostgres.DropDatabase(_connectionString);
            throw;
        }
    }

    public bool Pipelined { get; }

    public string Describe() =>
        $"{(Pipelined ? "prepared INSERTs, each table's 1,000 in one NpgsqlBatch round trip" : "prepared INSERTs, one round trip per row")}; {BenchmarkPostgres.Describe(_connectionString)}";

    public TimeSpan Insert(IEnumerable<Alert[]> batches)
    {
        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            using var transaction = _connection.BeginTransaction();
            var now = DateTimeOffset.UtcNow.UtcTicks;
            var ids = Pipelined ? InsertAlertsPipelined(batch, now) : InsertAlertsOneByOne(batch, now);
            var firstSeq = _seq + 1;
            _seq += batch.Length;
            if (Pipelined)
            {
                InsertChangesPipelined(ids, firstSeq, now);
            }
            else
            {
                InsertChangesOneByOne(ids, firstSeq, now);
            }
            transaction.Commit();
        }
        return stopwatch.Elapsed;
    }

    private NpgsqlBatch? _alertBatch;
    private NpgsqlBatch? _changeBatch;
    private NpgsqlCommand? _alertCommand;
    private NpgsqlCommand? _changeCommand;

    private long[] InsertAlertsPipelined(Alert[] batch, long now)
    {
        _alertBatch = Reuse(_alertBatch, batch.Length, InsertAlert, Columns.Select(c => c.Type).ToArray());
        for (var n = 0; n < batch.Length; n++)
        {
            SetAlert(_alertBatch.BatchCommands[n].Parameters, batch[n], _seq + n + 1, now);
        }
        var ids = new long[batch.Length];
        using var reader = _alertBatch.ExecuteReader();
        for (var n = 0; n < batch.Length; n++)
        {
            reader.Read();
            ids[n] = reader.GetInt64(0);
            reader.NextResult();
        }
        return ids;
    }

    private long[] InsertAlertsOneByOne(Alert[] batch, long now)
    {
        _alertCommand ??= Prepare(InsertAlert, Columns.Select(c => c.Type).ToArray());
        var ids = new long[batch.Length];
        for (var n = 0; n < batch.Length; n++)
        {
            SetAlert(_alertCommand.Parameters, batch[n], _seq + n + 1, now);
            ids[n] = (long)_alertCommand.ExecuteScalar()!;
        }
        return ids;
    }

    private void InsertChangesPipelined(long[] ids, long firstSeq, long now)
    {
        _changeBatch = Reuse(_changeBatch, ids.Length, InsertChange, ChangeTypes);
        for (var n = 0; n < ids.Length; n++)
        {
            SetChange(_changeBatch.BatchCommands[n].Parameters, firstSeq + n, ids[n], now);
        }
        _changeBatch.ExecuteNonQuery();
    }

    private void InsertChangesOneByOne(long[] ids, long firstSeq, long now)
    {
        _changeCommand ??= Prepare(InsertChange, ChangeTypes);
        for (var n = 0; n < ids.Length; n++)
        {
            SetChange(_changeCommand.Parameters, firstSeq + n, ids[n], now);
            _changeCommand.ExecuteNonQuery();
        }
    }

    private static readonly NpgsqlDbType[] ChangeTypes = [NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint];

    private static void SetAlert(NpgsqlParameterCollection parameters, Alert alert, long seq, long now)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            parameters[i].Value = Columns[i].Value(alert) ?? DBNull.Value;
        }
        // As the app stamps them in its transaction: ingest time, and the alert's change-feed number.
        parameters[4].Value = now;
        parameters[5].Value = now;
        parameters[31].Value = seq;
    }

    private static void SetChange(NpgsqlParameterCollection parameters, long seq, long id, long now)
    {
        parameters[0].Value = seq;
        parameters[1].Value = (int)ChangeKind.AlertCreated;
        parameters[2].Value = id;
        parameters[3].Value = now;
    }

    /// <summary>A prepared batch of <paramref name="size"/> copies of one statement, kept while batches keep that size.</summary>
    private NpgsqlBatch Reuse(NpgsqlBatch? batch, int size, string sql, NpgsqlDbType[] types)
    {
        if (batch is not null && batch.BatchCommands.Count == size)
        {
            return batch;
        }
        batch?.Dispose();
        batch = new NpgsqlBatch(_connection);
        for (var n = 0; n < size; n++)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var type in types)
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
            }
            batch.BatchCommands.Add(command);
        }
        batch.Prepare();
        return batch;
    }

    private NpgsqlCommand Prepare(string sql, NpgsqlDbType[] types)
    {
        var command = new NpgsqlCommand(sql, _connection);
        foreach (var type in types)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
        }
        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        _alertBatch?.Dispose();
        _changeBatch?.Dispose();
        _alertCommand?.Dispose();
        _changeCommand?.Dispose();
        _connection.Dispose();
        BenchmarkPostgres.DropDatabase(_connectionString);
    }
}
