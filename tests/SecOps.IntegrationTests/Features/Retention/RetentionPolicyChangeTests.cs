using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Features.Admin;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Retention;

namespace SecOps.IntegrationTests.Features.Retention;

/// <summary>
/// Issue #12, separation of duties for retention: a period change asked for by one administrator changes nothing (the
/// purge still applies the old period) until a second administrator approves it; with a single administrator it applies
/// at once with a warning and an audit record; the configured defaults apply until then; other roles are refused.
/// </summary>
public sealed class RetentionPolicyChangeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SecOpsApp _app = new(new Dictionary<string, string?> { ["SecOps:Retention:ClosedIncidentsDays"] = "" }, time: new FakeTimeProvider(Now));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task APeriodChange_WaitsForASecondAdministrator_AndThePurgeAppliesItOnlyAfterTheApproval()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (bea, _) = await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        await AddClosedAlertAsync("closed-40-days-ago", Now - TimeSpan.FromDays(40));
        var defaults = await _app.Get<RetentionPolicies>().ListAsync(ada, CancellationToken.None);
        // An empty configured value keeps that kind forever.
        Assert.Equal([(RetentionKind.ClosedAlerts, 365, true), (RetentionKind.AuditEvents, 180, true), (RetentionKind.ClosedIncidents, (int?)null, true),
            (RetentionKind.AutomationFirings, 90, true)],
            defaults.Select(s => (s.Kind, s.Days, s.FromConfiguration)));

        var asked = await _app.Get<Approvals>().RequestRetentionChangeAsync(ada, RetentionKind.ClosedAlerts, 30, CancellationToken.None);

        Assert.Equal(AdminOutcome.Pending, asked.Outcome);
        var closedAlerts = (await _app.Get<RetentionPolicies>().ListAsync(ada, CancellationToken.None))[0];
        Assert.Equal((365, true, asked.ApprovalId, (int?)30), (closedAlerts.Days, closedAlerts.FromConfiguration, closedAlerts.WaitingApprovalId, closedAlerts.WaitingDays));
        Assert.Equal("Closed alerts: 30 days", Assert.Single(await _app.Get<Approvals>().PendingAsync(bea, CancellationToken.None)).TargetName);
        Assert.Equal(0, (await _app.Get<RetentionPurge>().RunNowAsync(ada, CancellationToken.None)).Alerts);
        Assert.Equal(AdminOutcome.Refused, (await _app.Get<Approvals>().ApproveAsync(ada, asked.ApprovalId!.Value, CancellationToken.None)).Outcome);

        var approved = await _app.Get<Approvals>().ApproveAsync(bea, asked.ApprovalId!.Value, CancellationToken.None);

        Assert.Equal((AdminOutcome.Applied, "Closed alerts: now 30 days."), (approved.Outcome, approved.Message));
        closedAlerts = (await _app.Get<RetentionPolicies>().ListAsync(ada, CancellationToken.None))[0];
        Assert.Equal((30, false, (long?)null), (closedAlerts.Days, closedAlerts.FromConfiguration, closedAlerts.WaitingApprovalId));
        Assert.Equal(1, (await _app.Get<RetentionPurge>().RunNowAsync(ada, CancellationToken.None)).Alerts);
        Assert.Equal(
            [$"{ada.Id} approval.request retention:ClosedAlerts Success", $"{ada.Id} retention.purge retention Success", $"{ada.Id} approval.approve approval:{asked.ApprovalId} Refused",
             $"{bea.Id} approval.approve retention:ClosedAlerts Success", $"{bea.Id} retention.change retention:ClosedAlerts Success", $"{ada.Id} retention.purge retention Success"],
            await AdminPeople.TrailAsync(_app, r => r.Action.StartsWith("approval.", StringComparison.Ordinal) || r.Action.StartsWith("retention.", StringComparison.Ordinal)));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal("365 -> 30", (await db.AuditRecords.SingleAsync(r => r.Action == RetentionPolicies.ChangeAction)).Details);
        Assert.True((await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task WithASingleAdministrator_KeepingForever_AppliesAtOnce_WithAWarningAndABypassRecord_AndOtherRolesAreRefused()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (ron, _) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder);

        var result = await _app.Get<Approvals>().RequestRetentionChangeAsync(ada, RetentionKind.AuditEvents, null, CancellationToken.None);

        Assert.Equal(AdminOutcome.AppliedWithoutSecondApproval, result.Outcome);
        var events = (await _app.Get<RetentionPolicies>().ListAsync(ada, CancellationToken.None))[1];
        Assert.Equal((RetentionKind.AuditEvents, (int?)null, false), (events.Kind, events.Days, events.FromConfiguration));
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            var bypass = await db.AuditRecords.SingleAsync(r => r.Action == Approvals.Bypassed);
            Assert.Equal((ada.Id, "retention:AuditEvents", "ChangeRetention to keep applied without a second approval: 1 active administrator(s)"), (bypass.ActorId, bypass.Target, bypass.Details));
            Assert.Equal("180 -> keep", (await db.AuditRecords.SingleAsync(r => r.Action == RetentionPolicies.ChangeAction)).Details);
        }
        Assert.Equal(AdminOutcome.Failed, (await _app.Get<Approvals>().RequestRetentionChangeAsync(ada, RetentionKind.ClosedAlerts, 0, CancellationToken.None)).Outcome);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<Approvals>().RequestRetentionChangeAsync(ron, RetentionKind.ClosedAlerts, 1, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<RetentionPurge>().RunNowAsync(ron, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<RetentionPolicies>().ListAsync(ron, CancellationToken.None));
        Assert.Equal(365, (await _app.Get<RetentionPolicies>().ListAsync(ada, CancellationToken.None))[0].Days);
    }

    private async Task AddClosedAlertAsync(string documentId, DateTimeOffset closedAt)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        db.Alerts.Add(new Alert { DocumentId = documentId, Fingerprint = documentId, AlertTime = closedAt, EventTime = closedAt, IngestedAt = closedAt, UpdatedAt = closedAt, Status = AlertStatus.Closed, ClosedAt = closedAt });
        await db.SaveChangesAsync();
    }
}
