using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Data;

/// <summary>
/// Inserts new alerts with one prepared statement reused per row, inside the writer's transaction; the
/// ingest hot path. The columns are the EF model's, so the schema stays EF's (migrations), only the
/// per-entity tracking cost is skipped. Ids come back through RETURNING. Where the provider batches statements
/// (PostgreSQL) the rows go <see cref="PipelinedRows"/> to a round trip: one round trip per row cost more than the
/// insert, and on a busy machine each one also waits for the scheduler twice.
/// </summary>
public static class AlertRows
{
    private static readonly (string Column, DbType Type, Func<Alert, object?> Value)[] Columns =
    [
        ("DocumentId", DbType.String, a => a.DocumentId),
        ("Source", DbType.String, a => a.Source),
        ("EventTime", DbType.Int64, a => a.EventTime.UtcTicks),
        ("AlertTime", DbType.Int64, a => a.AlertTime.UtcTicks),
        ("IngestedAt", DbType.Int64, a => a.IngestedAt.UtcTicks),
        ("UpdatedAt", DbType.Int64, a => a.UpdatedAt.UtcTicks),
        ("RuleName", DbType.String, a => a.RuleName),
        ("RuleId", DbType.String, a => a.RuleId),
        ("Severity", DbType.Int32, a => (int)a.Severity),
        ("RiskScore", DbType.Double, a => a.RiskScore),
        ("Reason", DbType.String, a => a.Reason),
        ("MitreTactic", DbType.String, a => a.MitreTactic),
        ("MitreTechnique", DbType.String, a => a.MitreTechnique),
        ("HostName", DbType.String, a => a.HostName),
        ("UserName", DbType.String, a => a.UserName),
        ("SourceIp", DbType.String, a => a.SourceIp),
        ("DestinationIp", DbType.String, a => a.DestinationIp),
        ("SourceIpKey", DbType.String, a => a.SourceIpKey),
        ("DestinationIpKey", DbType.String, a => a.DestinationIpKey),
        ("EventCategory", DbType.String, a => a.EventCategory),
        ("EventAction", DbType.String, a => a.EventAction),
        ("Fingerprint", DbType.String, a => a.Fingerprint),
        ("RawDocument", DbType.String, a => a.RawDocument),
        ("ContentHash", DbType.String, a => a.ContentHash),
        ("Status", DbType.Int32, a => (int)a.Status),
        ("CloseReason", DbType.Int32, a => a.CloseReason is { } r ? (int)r : null),
        ("AssigneeId", DbType.String, a => a.AssigneeId),
        ("AssigneeName", DbType.String, a => a.AssigneeName),
        ("AcknowledgedAt", DbType.Int64, a => a.AcknowledgedAt?.UtcTicks),
        ("ClosedAt", DbType.Int64, a => a.ClosedAt?.UtcTicks),
        ("SuppressedBy", DbType.Int32, a => a.SuppressedBy),
        ("LastSeq", DbType.Int64, a => a.LastSeq),
        ("Version", DbType.Int32, a => a.Version),
    ];

    /// <summary>Statements sent in one batch: bounds the memory of a large request and stays far below the protocol's limits.</summary>
    public const int PipelinedRows = 1_000;

    private static readonly string InsertSql = InsertWith(i => "@p" + i);

    // Positional: PostgreSQL's batches bind parameters by position.
    private static readonly string BatchInsertSql = InsertWith(i => "$" + (i + 1));

    private static string InsertWith(Func<int, string> placeholder) =>
        $"""INSERT INTO "Alerts" ({string.Join(", ", Columns.Select(c => $"\"{c.Column}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => placeholder(i)))}) RETURNING "Id" """;

    public static async Task InsertAsync(SecOpsDbContext db, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        if (connection.CanCreateBatch)
        {
            foreach (var chunk in alerts.Chunk(PipelinedRows))
            {
                await InsertBatchAsync(db, connection, chunk, cancellationToken);
            }
            return;
        }
        await using var insert = connection.CreateCommand();
        insert.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        insert.CommandText = InsertSql;
        var parameters = new DbParameter[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            parameters[i] = insert.CreateParameter();
            parameters[i].ParameterName = "@p" + i;
            insert.Parameters.Add(parameters[i]);
        }
        foreach (var alert in alerts)
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                parameters[i].Value = Columns[i].Value(alert) ?? DBNull.Value;
            }
            alert.Id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken));
        }
    }

    private static async Task InsertBatchAsync(SecOpsDbContext db, DbConnection connection, Alert[] alerts, CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var alert in alerts)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = BatchInsertSql;
            foreach (var (_, type, value) in Columns)
            {
                var parameter = command.CreateParameter();
                parameter.DbType = type;
                parameter.Value = value(alert) ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
        }
        // One statement prepared once per connection; the batch's other copies reuse it.
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var alert in alerts)
        {
            await reader.ReadAsync(cancellationToken);
            alert.Id = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
        }
    }
}
