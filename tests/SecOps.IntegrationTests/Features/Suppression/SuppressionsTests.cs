using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Overview;
using SecOps.Web.Features.Suppression;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Suppression;

public sealed class SuppressionsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly SecOpsApp _app;
    private static readonly Actor Analyst = new("sup-analyst", "Sup Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    public SuppressionsTests() => _app = new SecOpsApp(time: _time);

    public void Dispose() => _app.Dispose();

    private Task<SuppressionRule> SuppressAsync(string host, bool autoClose = false, TimeSpan? lifetime = null) =>
        _app.Get<Suppressions>().CreateAsync(Analyst,
            new Suppressions.Draft("vulnerability scanner we run", "Port scan", host, null, null, lifetime ?? TimeSpan.FromDays(1), autoClose, null), CancellationToken.None);

    private async Task<Alert> StoredAsync(string id)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.SingleAsync(a => a.DocumentId == id);
    }

    private async Task<IReadOnlyList<string>> QueueAsync() =>
        (await _app.Get<AlertQueries>().ListAsync(Analyst, AlertQuery.All, 100, null, CancellationToken.None)).Items.Select(a => a.DocumentId).ToList();

    [Fact]
    public async Task MatchingAlert_IsStoredAndCountedButKeptOutOfTheQueue()
    {
        var rule = await SuppressAsync("scanner-01");

        var response = await Documents.PostAsync(_app.Client(),
            Documents.Alert("scan-1", rule: "Port scan", host: "scanner-01"),
            Documents.Alert("scan-2", rule: "Port scan", host: "web-01"),
            Documents.Alert("other-1", rule: "Brute force", host: "scanner-01"));

        Assert.All(response.Items, i => Assert.Equal(201, i.Status));
        Assert.Equal(rule.Id, (await StoredAsync("scan-1")).SuppressedBy);
        Assert.Equal(["other-1", "scan-2"], (await QueueAsync()).Order());
        Assert.Equal(1, (await _app.Get<Suppressions>().ListAsync(Analyst, CancellationToken.None)).Single().Matched);
        Assert.Equal(1, (await _app.Get<OverviewQueries>().LoadAsync(Analyst, CancellationToken.None)).Suppressed);
    }

    [Fact]
    public async Task ExpiredRule_StopsMatching()
    {
        await SuppressAsync("scanner-01", lifetime: TimeSpan.FromHours(1));
        await Documents.PostAsync(_app.Client(), Documents.Alert("before", rule: "Port scan", host: "scanner-01"));

        _time.Advance(TimeSpan.FromHours(2));
        await Documents.PostAsync(_app.Client(), Documents.Alert("after", rule: "Port scan", host: "scanner-01"));

        Assert.NotNull((await StoredAsync("before")).SuppressedBy);
        Assert.Null((await StoredAsync("after")).SuppressedBy);
        Assert.Equal(["after"], await QueueAsync());
    }

    [Fact]
    public async Task AutoCloseRule_ClosesMatchingAlertsWithAReasonAndHistory()
    {
        await SuppressAsync("scanner-01", autoClose: true);

        await Documents.PostAsync(_app.Client(), Documents.Alert("benign-1", rule: "Port scan", host: "scanner-01"));

        var alert = await StoredAsync("benign-1");
        Assert.Equal(AlertStatus.Closed, alert.Status);
        Assert.Equal(CloseReason.Benign, alert.CloseReason);
        var history = await _app.Get<AlertTriage>().HistoryAsync(Analyst, alert.Id, CancellationToken.None);
        Assert.Equal(AlertStatus.Closed, Assert.Single(history).ToStatus);
    }

    [Fact]
    public async Task EveryRuleChange_IsInTheAuditTrail_AndAManagerCannotCreateOne()
    {
        var rule = await SuppressAsync("scanner-01");
        await _app.Get<Suppressions>().RevokeAsync(Analyst, rule.Id, CancellationToken.None);
        var manager = new Actor("sup-manager", "Manager", PermissionTable.ForRole(Roles.Manager).ToHashSet());
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<Suppressions>().CreateAsync(manager,
            new Suppressions.Draft("x", "r", null, null, null, TimeSpan.FromDays(1), false, null), CancellationToken.None));

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.Where(r => r.Action.StartsWith("suppression.")).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(["suppression.create", "suppression.revoke", "suppression.create"], audit.Select(r => r.Action));
        Assert.Equal([AuditOutcome.Success, AuditOutcome.Success, AuditOutcome.Refused], audit.Select(r => r.Outcome));
        Assert.All(audit.Take(2), r => Assert.Equal($"suppression:{rule.Id}", r.Target));
    }

    [Fact]
    public async Task RevokedRule_StopsMatching()
    {
        var rule = await SuppressAsync("scanner-01");
        await _app.Get<Suppressions>().RevokeAsync(Analyst, rule.Id, CancellationToken.None);

        await Documents.PostAsync(_app.Client(), Documents.Alert("after-revoke", rule: "Port scan", host: "scanner-01"));

        Assert.Null((await StoredAsync("after-revoke")).SuppressedBy);
    }
}
