using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Data;

/// <summary>
/// Writes change-feed rows with one prepared statement reused per row: on the ingest path this is a
/// large share of the rows written, and EF's per-entity tracking costs more than the insert itself.
/// Where the provider batches statements (PostgreSQL) the rows go <see cref="AlertRows.PipelinedRows"/> to a round trip,
/// as <see cref="AlertRows"/> sends the alerts.
/// </summary>
public static class ChangeFeedRows
{
    public static async Task InsertAsync(SecOpsDbContext db, ChangeSet changes, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var rows = Rows(changes);
        if (connection.CanCreateBatch)
        {
            foreach (var chunk in rows.Chunk(AlertRows.PipelinedRows))
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var (seq, kind, entity) in chunk)
                {
                    var command = batch.CreateBatchCommand();
                    // Positional: PostgreSQL's batches bind parameters by position.
                    command.CommandText = """INSERT INTO "ChangeFeed" ("Seq", "Kind", "EntityId", "At") VALUES ($1, $2, $3, $4)""";
                    command.Parameters.Add(Parameter(command.CreateParameter(), null, DbType.Int64, seq));
                    command.Parameters.Add(Parameter(command.CreateParameter(), null, DbType.Int32, (int)kind));
                    command.Parameters.Add(Parameter(command.CreateParameter(), null, DbType.Int64, entity));
                    command.Parameters.Add(Parameter(command.CreateParameter(), null, DbType.Int64, changes.Now.UtcTicks));
                    batch.BatchCommands.Add(command);
                }
                await batch.PrepareAsync(cancellationToken);
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            return;
        }
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """INSERT INTO "ChangeFeed" ("Seq", "Kind", "EntityId", "At") VALUES (@seq, @kind, @entity, @at)""";
        // Typed, because PostgreSQL prepares the statement before the first values are set.
        var seqParameter = Parameter(insert.CreateParameter(), "@seq", DbType.Int64, null);
        var kindParameter = Parameter(insert.CreateParameter(), "@kind", DbType.Int32, null);
        var entityParameter = Parameter(insert.CreateParameter(), "@entity", DbType.Int64, null);
        insert.Parameters.AddRange(new[] { seqParameter, kindParameter, entityParameter, Parameter(insert.CreateParameter(), "@at", DbType.Int64, changes.Now.UtcTicks) });
        await insert.PrepareAsync(cancellationToken);
        foreach (var (seq, kind, entity) in rows)
        {
            (seqParameter.Value, kindParameter.Value, entityParameter.Value) = (seq, (int)kind, entity);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Every row of the unit of work, in the order they were always written.</summary>
    private static IEnumerable<(long Seq, ChangeKind Kind, long EntityId)> Rows(ChangeSet changes)
    {
        foreach (var (seq, kind, alert) in changes.Alerts)
        {
            yield return (seq, kind, alert.Id);
        }
        foreach (var (seq, incidentId) in changes.Incidents)
        {
            yield return (seq, ChangeKind.IncidentChanged, incidentId);
        }
        foreach (var (seq, taskId) in changes.Tasks)
        {
            yield return (seq, ChangeKind.TaskChanged, taskId);
        }
        foreach (var (seq, kind, id, _) in changes.Removals)
        {
            yield return (seq, kind, id);
        }
        foreach (var range in changes.Bulks)
        {
            var kind = Enum.Parse<ChangeKind>(range.Notice.Kind);
            var next = range.Notice.SeqFrom;
            foreach (var id in range.AlertIds)
            {
                yield return (next++, kind, id);
            }
        }
    }

    private static DbParameter Parameter(DbParameter parameter, string? name, DbType type, object? value)
    {
        if (name is not null)
        {
            parameter.ParameterName = name;
        }
        parameter.DbType = type;
        parameter.Value = value;
        return parameter;
    }
}
