using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SecOps.Web.Data;

/// <summary>
/// In WAL mode, synchronous=NORMAL is durable against application crashes (a power loss may lose the
/// last commits, never corrupt the file) and avoids an fsync per transaction. Set on every opened connection.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
