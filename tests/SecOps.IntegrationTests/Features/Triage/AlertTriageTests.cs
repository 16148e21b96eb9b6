using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

public sealed class AlertTriageTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Actor As(string role, string id = "user-1") => new(id, id, PermissionTable.ForRole(role).ToHashSet());

    private async Task<long> NewAlertAsync()
    {
        var id = "triage-" + Guid.NewGuid().ToString("N");
        await Documents.PostAsync(_app.Client(), Documents.Alert(id));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.Where(a => a.DocumentId == id).Select(a => a.Id).SingleAsync();
    }

    [Fact]
    public async Task Manager_IsRefusedByTheServiceAndTheRefusalIsAudited()
    {
        var alertId = await NewAlertAsync();
        var triage = _app.Get<AlertTriage>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => triage.AcknowledgeAsync(As(Roles.Manager, "mgr-1"), alertId, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => triage.ClaimAsync(As(Roles.Manager, "mgr-1"), alertId, CancellationToken.None));

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var alert = await db.Alerts.SingleAsync(a => a.Id == alertId);
        Assert.Equal(AlertStatus.Open, alert.Status);
        Assert.Null(alert.AssigneeId);
        Assert.Equal(2, await db.AuditRecords.CountAsync(r => r.ActorId == "mgr-1" && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task Transitions_AreRecordedWithWhoWhenFromToAndWhy()
    {
        var alertId = await NewAlertAsync();
        var triage = _app.Get<AlertTriage>();
        var analyst = As(Roles.Analyst, "ana");

        Assert.True((await triage.AcknowledgeAsync(analyst, alertId, CancellationToken.None)).Succeeded);
        Assert.True((await triage.StartAsync(analyst, alertId, CancellationToken.None)).Succeeded);
        var closed = await triage.CloseAsync(analyst, alertId, CloseReason.FalsePositive, "scanner on the allow list", CancellationToken.None);
        var again = await triage.AcknowledgeAsync(analyst, alertId, CancellationToken.None);

        Assert.Equal("closed", closed.Alert!.Status);
        Assert.False(again.Succeeded);
        var history = await triage.HistoryAsync(analyst, alertId, CancellationToken.None);
        Assert.Equal([(AlertStatus.Open, AlertStatus.Acknowledged), (AlertStatus.Acknowledged, AlertStatus.InProgress), (AlertStatus.InProgress, AlertStatus.Closed)],
            history.Select(h => (h.FromStatus, h.ToStatus)));
        Assert.All(history, h => Assert.Equal("ana", h.ActorId));
        Assert.Equal(CloseReason.FalsePositive, history[2].CloseReason);
        Assert.Equal("scanner on the allow list", history[2].Comment);
    }

    [Fact]
    public async Task ConcurrentClaims_ProduceExactlyOneOwner()
    {
        var alertId = await NewAlertAsync();
        var triage = _app.Get<AlertTriage>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => triage.ClaimAsync(As(Roles.Analyst, "analyst-" + i), alertId, CancellationToken.None))));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.StartsWith("Already claimed by", o.Error));
    }
}
