using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;

namespace SecOps.IntegrationTests.Data;

/// <summary>A store from before the IP keys: the migration fills the keys of the rows it already holds.</summary>
public sealed class IpKeysMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("secops-ipkeys-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    [Trait("Store", TestStore.SqliteOnly)]
    public async Task Migration_BackfillsTheKeysOfExistingRows()
    {
        var options = new DbContextOptionsBuilder<SecOpsDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_directory, "secops.db")}").AddInterceptors(new SqlitePragmas()).Options;
        await using (var before = new SecOpsDbContext(options))
        {
            await before.GetService<IMigrator>().MigrateAsync("20261125161413_RiskIndex");
            string?[][] rows = [["a", "45.155.1.2", "2001:db8::1"], ["b", "::ffff:45.155.9.9", null], ["c", "not-an-ip", "1.2.3"], ["d", null, null]];
            foreach (var row in rows)
            {
                await before.Database.ExecuteSqlAsync($$"""
                    INSERT INTO "Alerts" ("DocumentId", "Source", "EventTime", "AlertTime", "IngestedAt", "UpdatedAt", "RuleName", "Severity", "Fingerprint",
                        "RawDocument", "ContentHash", "Status", "LastSeq", "Version", "SourceIp", "DestinationIp")
                    VALUES ({{row[0]}}, 'api', 0, 0, 0, 0, 'rule', 2, 'f', '{}', 'h', 0, 0, 0, {{row[1]}}, {{row[2]}})
                    """);
            }
        }

        await using var after = new SecOpsDbContext(options);
        await DataSetup.MigrateAsync(after, CancellationToken.None);
        var keys = await after.Alerts.AsNoTracking().ToDictionaryAsync(a => a.DocumentId, a => (a.SourceIpKey, a.DestinationIpKey));

        Assert.Equal(("00000000000000000000ffff2d9b0102", "20010db8000000000000000000000001"), keys["a"]);
        Assert.Equal((IpKey.Of("45.155.9.9"), (string?)null), keys["b"]);
        Assert.Equal(("", ""), keys["c"]);
        Assert.Equal(((string?)null, (string?)null), keys["d"]);
    }
}
