using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Data;

/// <summary>
/// Inserts new alerts with one prepared statement reused per row, inside the writer's transaction; the
/// ingest hot path. The columns are the EF model's, so the schema stays EF's (migrations), only the
/// per-entity tracking cost is skipped. Ids come back through RETURNING.
/// </summary>
public static class AlertRows
{
    private static readonly (string Column, Func<Alert, object?> Value)[] Columns =
    [
        ("DocumentId", a => a.DocumentId),
        ("Source", a => a.Source),
        ("EventTime", a => a.EventTime.UtcTicks),
        ("AlertTime", a => a.AlertTime.UtcTicks),
        ("IngestedAt", a => a.IngestedAt.UtcTicks),
        ("UpdatedAt", a => a.UpdatedAt.UtcTicks),
        ("RuleName", a => a.RuleName),
        ("RuleId", a => a.RuleId),
        ("Severity", a => (int)a.Severity),
        ("RiskScore", a => a.RiskScore),
        ("Reason", a => a.Reason),
        ("MitreTactic", a => a.MitreTactic),
        ("MitreTechnique", a => a.MitreTechnique),
        ("HostName", a => a.HostName),
        ("UserName", a => a.UserName),
        ("SourceIp", a => a.SourceIp),
        ("DestinationIp", a => a.DestinationIp),
        ("SourceIpKey", a => a.SourceIpKey),
        ("DestinationIpKey", a => a.DestinationIpKey),
        ("EventCategory", a => a.EventCategory),
        ("EventAction", a => a.EventAction),
        ("Fingerprint", a => a.Fingerprint),
        ("RawDocument", a => a.RawDocument),
        ("ContentHash", a => a.ContentHash),
        ("Status", a => (int)a.Status),
        ("CloseReason", a => a.CloseReason is { } r ? (int)r : null),
        ("AssigneeId", a => a.AssigneeId),
        ("AssigneeName", a => a.AssigneeName),
        ("AcknowledgedAt", a => a.AcknowledgedAt?.UtcTicks),
        ("ClosedAt", a => a.ClosedAt?.UtcTicks),
        ("SuppressedBy", a => a.SuppressedBy),
        ("LastSeq", a => a.LastSeq),
        ("Version", a => a.Version),
    ];

    private static readonly string InsertSql =
        $"""INSERT INTO "Alerts" ({string.Join(", ", Columns.Select(c => $"\"{c.Column}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"@p{i}"))}) RETURNING "Id" """;

    public static async Task InsertAsync(SecOpsDbContext db, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }
        await using var insert = db.Database.GetDbConnection().CreateCommand();
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
}
