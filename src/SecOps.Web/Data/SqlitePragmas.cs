using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Data;

/// <summary>
/// In WAL mode, synchronous=NORMAL is durable against application crashes (a power loss may lose the
/// last commits, never corrupt the file) and avoids an fsync per transaction. Set on every opened connection, with the
/// <c>secops_ip_key</c> function (<see cref="IpKey.Of"/>) that the IP-key migration fills existing rows with.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    public const string IpKeyFunction = "secops_ip_key";

    private static void AddFunctions(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<string?, string?>(IpKeyFunction, IpKey.Of, isDeterministic: true);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        AddFunctions(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AddFunctions(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
