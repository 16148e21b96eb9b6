using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Suppression;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Suppression;

/// <summary>The suppress dialog's preview of stored matches, and closing them through the triage path.</summary>
public sealed class SuppressionMatchesTests : IDisposable
{
    private static readonly Actor Analyst = new("match-analyst", "Match Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Suppressions.Draft Draft(string? rule, string? host) => new("scanner we run", rule, host, null, null, TimeSpan.FromDays(1), false, null);

    /// <summary>Twelve alerts: nine "Port scan" on scanner-01 (two of them closed), the rest near misses.</summary>
    private async Task<List<long>> StoreAsync()
    {
        await Documents.PostAsync(_app.Client(), [
            .. Enumerable.Range(0, 9).Select(i => Documents.Alert($"scan-{i}", rule: "Port scan", host: "scanner-01")),
            Documents.Alert("other-host", rule: "Port scan", host: "scanner-02"),
            Documents.Alert("other-rule", rule: "Port scan (UDP)", host: "scanner-01"),
            Documents.Alert("case", rule: "port scan", host: "scanner-01"),
        ]);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var closed = await db.Alerts.Where(a => a.DocumentId == "scan-0" || a.DocumentId == "scan-1").Select(a => a.Id).ToListAsync();
        await _app.Get<AlertTriage>().BulkAsync(Analyst, BulkTarget.Selection(closed), TriageAction.Close, CloseReason.Duplicate, null, CancellationToken.None);
        return closed;
    }

    private async Task<List<Alert>> RowsMatchingAsync(Func<Alert, bool> rule)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return (await db.Alerts.AsNoTracking().ToListAsync()).Where(rule).ToList();
    }

    [Theory]
    [InlineData("Port scan", "scanner-01")]
    [InlineData("Port scan", null)]
    [InlineData(null, "scanner-01")]
    [InlineData("Nothing like it", null)]
    public async Task Preview_CountsExactlyTheStoredRowsTheRuleMatches(string? rule, string? host)
    {
        await StoreAsync();
        var draft = Draft(rule, host);
        var asRule = new SuppressionRule { Reason = "x", CreatedBy = "x", RuleName = rule, HostName = host };

        var preview = await _app.Get<SuppressionMatches>().PreviewAsync(Analyst, draft, CancellationToken.None);

        var rows = await RowsMatchingAsync(asRule.Matches);
        Assert.Equal(rows.Count, preview.Matching);
        Assert.Equal(rows.Count(a => a.Status != AlertStatus.Closed), preview.NotClosed);
    }

    [Fact]
    public async Task Preview_OfTheDialogsDefault_IsNineOfWhichSevenNotClosed()
    {
        await StoreAsync();

        var preview = await _app.Get<SuppressionMatches>().PreviewAsync(Analyst, Draft("Port scan", "scanner-01"), CancellationToken.None);

        Assert.Equal(new SuppressionMatches.Preview(9, 7), preview);
    }

    [Fact]
    public async Task CloseMatches_ClosesThePreviewedAlerts_WithHistoryFeedRowsAndAnAuditRecord()
    {
        var closedBefore = await StoreAsync();
        var matches = _app.Get<SuppressionMatches>();
        var preview = await matches.PreviewAsync(Analyst, Draft("Port scan", "scanner-01"), CancellationToken.None);
        await using var before = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var headBefore = await before.ChangeFeed.MaxAsync(e => e.Seq);

        var outcome = await matches.SuppressAsync(Analyst, Draft("Port scan", "scanner-01"), CloseReason.Benign, CancellationToken.None);

        Assert.Equal(preview.NotClosed, outcome.Closed!.Changed);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var scans = await db.Alerts.AsNoTracking().Where(a => a.RuleName == "Port scan" && a.HostName == "scanner-01").ToListAsync();
        var newlyClosed = scans.Where(a => !closedBefore.Contains(a.Id)).ToList();
        Assert.Equal(7, newlyClosed.Count);
        Assert.All(newlyClosed, a => Assert.Equal((AlertStatus.Closed, CloseReason.Benign), (a.Status, a.CloseReason)));
        Assert.All(scans.Where(a => closedBefore.Contains(a.Id)), a => Assert.Equal(CloseReason.Duplicate, a.CloseReason));
        Assert.Equal(AlertStatus.Open, (await db.Alerts.SingleAsync(a => a.DocumentId == "other-host")).Status);

        var ids = newlyClosed.Select(a => a.Id).ToList();
        var feed = await db.ChangeFeed.Where(e => e.Seq > headBefore).ToListAsync();
        Assert.Equal(ids.Order(), feed.Where(e => e.Kind == ChangeKind.AlertTriaged).Select(e => e.EntityId).Order());
        var history = await db.AlertTransitions.Where(t => ids.Contains(t.AlertId) && t.ToStatus == AlertStatus.Closed).ToListAsync();
        Assert.Equal(7, history.Count);
        Assert.All(history, t => Assert.Equal(($"Closed with suppression rule {outcome.Rule.Id}: scanner we run", Analyst.Id), (t.Comment, t.ActorId)));
        var audit = await db.AuditRecords.Where(r => r.Action == "alert.close.bulk" || r.Action == "suppression.create").OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(["alert.close.bulk", "suppression.create", "alert.close.bulk"], audit.Select(r => r.Action));
        Assert.Equal("changed 7, unchanged 0", audit[^1].Details);
    }

    [Fact]
    public async Task Suppress_WithoutClosing_LeavesStoredMatchesAsTheyAre()
    {
        await StoreAsync();

        var outcome = await _app.Get<SuppressionMatches>().SuppressAsync(Analyst, Draft("Port scan", "scanner-01"), null, CancellationToken.None);

        Assert.Null(outcome.Closed);
        Assert.Equal(7, (await RowsMatchingAsync(a => a.RuleName == "Port scan" && a.HostName == "scanner-01" && a.Status == AlertStatus.Open)).Count);
    }

    [Fact]
    public async Task AManager_MayPreviewButNeitherSuppressNorClose()
    {
        await StoreAsync();
        var manager = new Actor("match-manager", "Manager", PermissionTable.ForRole(Roles.Manager).ToHashSet());
        var matches = _app.Get<SuppressionMatches>();

        Assert.Equal(9, (await matches.PreviewAsync(manager, Draft("Port scan", "scanner-01"), CancellationToken.None)).Matching);
        await Assert.ThrowsAsync<AccessDeniedException>(() => matches.SuppressAsync(manager, Draft("Port scan", "scanner-01"), CloseReason.Benign, CancellationToken.None));

        Assert.Empty(await _app.Get<Suppressions>().ListAsync(Analyst, CancellationToken.None));
    }
}
