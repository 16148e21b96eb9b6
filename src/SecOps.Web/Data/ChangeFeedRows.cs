using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Data;

/// <summary>
/// Writes change-feed rows with one prepared statement reused per row: on the ingest path this is a
/// large share of the rows written, and EF's per-entity tracking costs more than the insert itself.
/// </summary>
public static class ChangeFeedRows
{
    public static async Task InsertAsync(SecOpsDbContext db, ChangeSet changes, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty)
        {
            return;
        }
        await using var insert = db.Database.GetDbConnection().CreateCommand();
        insert.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        insert.CommandText = """INSERT INTO "ChangeFeed" ("Seq", "Kind", "EntityId", "At") VALUES (@seq, @kind, @entity, @at)""";
        var seq = Parameter(insert, "@seq", DbType.Int64);
        var kind = Parameter(insert, "@kind", DbType.Int32);
        var entity = Parameter(insert, "@entity", DbType.Int64);
        var at = Parameter(insert, "@at", DbType.Int64);
        at.Value = changes.Now.UtcTicks;
        await insert.PrepareAsync(cancellationToken);
        foreach (var (s, k, alert) in changes.Alerts)
        {
            (seq.Value, kind.Value, entity.Value) = (s, (int)k, alert.Id);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        kind.Value = (int)ChangeKind.IncidentChanged;
        foreach (var (s, incidentId) in changes.Incidents)
        {
            (seq.Value, entity.Value) = (s, incidentId);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        kind.Value = (int)ChangeKind.TaskChanged;
        foreach (var (s, taskId) in changes.Tasks)
        {
            (seq.Value, entity.Value) = (s, taskId);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var (s, k, id, _) in changes.Removals)
        {
            (seq.Value, kind.Value, entity.Value) = (s, (int)k, id);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var range in changes.Bulks)
        {
            kind.Value = (int)Enum.Parse<ChangeKind>(range.Notice.Kind);
            var next = range.Notice.SeqFrom;
            foreach (var id in range.AlertIds)
            {
                (seq.Value, entity.Value) = (next++, id);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    // Typed, because PostgreSQL prepares the statement before the first values are set.
    private static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
