using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Suppression;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

/// <summary>
/// The board's default totals come from per-status rows the store's triggers keep (issue #14's totals over a million
/// alerts): after every kind of write they must equal what counting the alerts gives.
/// </summary>
public sealed class AlertStatusTotalsTests : IDisposable
{
    private readonly SecOpsApp _app = new();
    private static readonly Actor Analyst = new("totals-analyst", "Totals Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    public void Dispose() => _app.Dispose();

    private async Task<Dictionary<AlertStatus, int>> CountedAsync()
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.Where(a => a.SuppressedBy == null).GroupBy(a => a.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    private async Task<long> IdOfAsync(string documentId)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.Where(a => a.DocumentId == documentId).Select(a => a.Id).SingleAsync();
    }

    [Fact]
    public async Task DefaultTotals_FollowIngestTriageSuppressionAndDeletion_AndEqualACountOfTheAlerts()
    {
        var queries = _app.Get<AlertQueries>();
        var triage = _app.Get<AlertTriage>();
        Assert.Equal(0, (await queries.CountByStatusAsync(Analyst, AlertQuery.All, CancellationToken.None)).Total);

        await _app.Get<Suppressions>().CreateAsync(Analyst,
            new Suppressions.Draft("our own scanner", "Port scan", "scanner-01", null, null, TimeSpan.FromDays(1), false, null), CancellationToken.None);
        await Documents.PostAsync(_app.Client(),
            Documents.Alert("t-1"), Documents.Alert("t-2"), Documents.Alert("t-3"), Documents.Alert("t-4"), Documents.Alert("t-5"),
            Documents.Alert("t-6"), Documents.Alert("scan-1", rule: "Port scan", host: "scanner-01"));
        // A repeat of a known id updates source fields only: it must not count twice.
        await Documents.PostAsync(_app.Client(), Documents.Alert("t-1", rule: "Renamed rule"));
        Assert.True((await triage.AcknowledgeAsync(Analyst, await IdOfAsync("t-1"), CancellationToken.None)).Succeeded);
        Assert.True((await triage.ApplyAsync(Analyst, await IdOfAsync("t-2"), TriageAction.Start, null, null, CancellationToken.None)).Succeeded);
        await triage.BulkAsync(Analyst, BulkTarget.Selection([await IdOfAsync("t-3"), await IdOfAsync("t-4")]), TriageAction.Close,
            CloseReason.FalsePositive, "test traffic", CancellationToken.None);
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            // Deletion (retention, a GDPR erasure) and an alert let out of suppression, written around the services.
            await db.Alerts.Where(a => a.DocumentId == "t-6").ExecuteDeleteAsync();
            await db.Alerts.Where(a => a.DocumentId == "scan-1").ExecuteUpdateAsync(s => s.SetProperty(a => a.SuppressedBy, (int?)null));
        }

        var totals = await queries.CountByStatusAsync(Analyst, AlertQuery.All, CancellationToken.None);

        var expected = new Dictionary<AlertStatus, int>
        {
            [AlertStatus.Open] = 2, // t-5 and scan-1
            [AlertStatus.Acknowledged] = 1,
            [AlertStatus.InProgress] = 1,
            [AlertStatus.Closed] = 2,
        };
        Assert.Equal(expected, totals.ByStatus.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(await CountedAsync(), totals.ByStatus.OrderBy(p => p.Key).ToDictionary());
        await using var store = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        // SQLite answers from the trigger-kept rows (PostgreSQL counts, and has no such table).
        Assert.Equal(TestStore.Provider == StoreProvider.Sqlite, store.HasStatusTotals);
        if (store.HasStatusTotals)
        {
            Assert.Equal(expected.Select(p => ((int)p.Key, (long)p.Value)),
                (await store.AlertStatusTotals.OrderBy(t => t.Status).ToListAsync()).Select(t => ((int)t.Status, t.Count)));
        }
    }
}
