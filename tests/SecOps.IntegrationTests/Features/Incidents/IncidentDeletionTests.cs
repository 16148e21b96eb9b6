using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Features.Admin;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Reviews;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// Deleting an incident is a critical action (separation of duties): an administrator asks, with a reason; nothing
/// changes until a second administrator approves; then the incident and everything on it is deleted, its alerts are
/// unlinked, kept and renumbered, and the audit trail holds the request, the approval and the counts, without the
/// reason, the title or anyone's name. With a single administrator it proceeds at once, recorded as bypassed.
/// </summary>
public sealed class IncidentDeletionTests : IDisposable
{
    private const string Reason = "Opened twice for alice@example.com; duplicate of the phishing case";
    private const string Title = "Phishing of alice@example.com";
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(long Incident, List<long> Alerts)> IncidentWithEverythingAsync(Actor responder)
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("del-1", host: "mail-1"), Documents.Alert("del-2", host: "mail-2"));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var alerts = await db.Alerts.Where(a => a.DocumentId == "del-1" || a.DocumentId == "del-2").Select(a => a.Id).ToListAsync();
        var created = await _app.Get<IncidentEscalation>().CreateAsync(responder, new NewIncident(Title), alerts, CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        var id = created.IncidentId;
        Assert.True((await _app.Get<IncidentEditing>().AddNoteAsync(responder, id, "Mailbox rule removed", CancellationToken.None)).Succeeded);
        Assert.True((await _app.Get<IncidentObservables>().AddAsync(responder, id, [new NewObservable(ObservableType.Email, "alice@example.com")], CancellationToken.None)).Succeeded);
        using var file = new MemoryStream("header dump"u8.ToArray());
        Assert.True((await _app.Get<SecOps.Web.Features.Evidence.IncidentEvidence>().UploadAsync(responder, id, "headers.txt", file.Length, file, CancellationToken.None)).Succeeded);
        Assert.True((await _app.Get<PostIncidentReviews>().SaveAsync(responder, id,
            new ReviewEdit(0, "Weak filter", "Fast reset", "Late report", [new FollowUpEdit("Tighten the filter", responder.Id, null)]), CancellationToken.None)).Succeeded);
        return (id, alerts);
    }

    private async Task<int> RowsAboutAsync(long id)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Incidents.CountAsync(i => i.Id == id) + await db.IncidentEvents.CountAsync(e => e.IncidentId == id)
            + await db.IncidentObservables.CountAsync(o => o.IncidentId == id) + await db.IncidentTasks.CountAsync(t => t.IncidentId == id)
            + await db.EvidenceFiles.CountAsync(e => e.IncidentId == id) + await db.EvidenceCustody.CountAsync(c => c.IncidentId == id)
            + await db.ReviewFollowUps.CountAsync(f => f.IncidentId == id) + await db.PostIncidentReviews.CountAsync(r => r.IncidentId == id);
    }

    [Fact]
    public async Task ASecondAdministratorsApproval_DeletesTheIncidentAndAllOnIt_UnlinksAndRenumbersItsAlerts_AndTheTrailHoldsNoPersonalData()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (bea, _) = await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        var (cid, _) = await AdminPeople.CreateAsync(_app, "Cid", Roles.Responder);
        var (id, alerts) = await IncidentWithEverythingAsync(cid);
        var rowsBefore = await RowsAboutAsync(id);
        var approvals = _app.Get<Approvals>();

        var asked = await approvals.RequestIncidentDeletionAsync(ada, id, Reason, CancellationToken.None);
        var waiting = Assert.Single(await approvals.PendingAsync(bea, CancellationToken.None));
        var own = await approvals.ApproveAsync(ada, waiting.Id, CancellationToken.None);
        var stillThere = await RowsAboutAsync(id);
        long seqBefore;
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            seqBefore = await db.ChangeFeed.MaxAsync(e => e.Seq);
        }
        var approved = await approvals.ApproveAsync(bea, waiting.Id, CancellationToken.None);

        Assert.Equal(AdminOutcome.Pending, asked.Outcome);
        Assert.Equal((ApprovalKind.DeleteIncident, $"incident:{id}: {Reason}"), (waiting.Kind, waiting.TargetName));
        Assert.Equal(AdminOutcome.Refused, own.Outcome);
        Assert.Equal(rowsBefore, stillThere);
        Assert.True(rowsBefore > 8, $"{rowsBefore} rows");
        Assert.Equal(AdminOutcome.Applied, approved.Outcome);
        Assert.Equal(0, await RowsAboutAsync(id));
        Assert.Null(await _app.Get<IncidentQueries>().GetAsync(ada, id, CancellationToken.None));
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal([(long?)null, null], await db.Alerts.Where(a => alerts.Contains(a.Id)).OrderBy(a => a.Id).Select(a => a.IncidentId).ToListAsync());
            var renumbered = await db.ChangeFeed.Where(e => e.Seq > seqBefore && e.Kind == ChangeKind.AlertUpdated).Select(e => e.EntityId).ToListAsync();
            Assert.Equal(alerts.Order(), renumbered.Order());
            Assert.Equal(0, await db.EvidenceBlobs.CountAsync());
        }
        var trail = await AdminPeople.TrailAsync(_app, r => r.Target == $"incident:{id}" && (r.Action.StartsWith("approval.", StringComparison.Ordinal) || r.Action == "incident.delete"));
        Assert.Equal([$"{ada.Id} approval.request incident:{id} Success", $"{bea.Id} approval.approve incident:{id} Success", $"{bea.Id} incident.delete incident:{id} Success"], trail);
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            var details = await db.AuditRecords.Where(r => r.Target == $"incident:{id}" && (r.Action.StartsWith("approval.") || r.Action == "incident.delete"))
                .OrderBy(r => r.Sequence).Select(r => r.Details ?? "").ToListAsync();
            Assert.All(details, d => Assert.DoesNotMatch("(?i)alice|duplicate|phishing|mail", d));
            Assert.Matches(@"^\d+ rows deleted; 2 alerts unlinked$", details[^1]);
        }
        Assert.True((await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task WithASingleAdministrator_TheDeletionProceedsAtOnce_WithAWarningAndABypassRecord_AndARejectionOrAResponderDeletesNothing()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (cid, _) = await AdminPeople.CreateAsync(_app, "Cid", Roles.Responder);
        var (id, _) = await IncidentWithEverythingAsync(cid);
        var approvals = _app.Get<Approvals>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => approvals.RequestIncidentDeletionAsync(cid, id, Reason, CancellationToken.None));
        var withoutReason = await approvals.RequestIncidentDeletionAsync(ada, id, "  ", CancellationToken.None);
        var unknown = await approvals.RequestIncidentDeletionAsync(ada, id + 1000, Reason, CancellationToken.None);
        var rowsBefore = await RowsAboutAsync(id);
        var done = await approvals.RequestIncidentDeletionAsync(ada, id, Reason, CancellationToken.None);

        Assert.Equal((AdminOutcome.Failed, AdminOutcome.Failed), (withoutReason.Outcome, unknown.Outcome));
        Assert.True(rowsBefore > 8);
        Assert.Equal(AdminOutcome.AppliedWithoutSecondApproval, done.Outcome);
        Assert.Contains("fewer than two administrators", done.Message, StringComparison.Ordinal);
        Assert.Equal(0, await RowsAboutAsync(id));
        Assert.Contains($"{ada.Id} {Approvals.Bypassed} incident:{id} Success", await AdminPeople.TrailAsync(_app));
    }
}
