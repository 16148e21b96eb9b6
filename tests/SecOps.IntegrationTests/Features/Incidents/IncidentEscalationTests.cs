using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>Escalation: new incidents from alerts, merges into open ones, each link once, numbered in the feed, audited, by role.</summary>
public sealed class IncidentEscalationTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    internal static Actor As(string role, string id) => new(id, id + "@example.test", PermissionTable.ForRole(role).ToHashSet());

    private async Task<long[]> NewAlertsAsync(params string[] documentIds)
    {
        foreach (var documentId in documentIds)
        {
            await Documents.PostAsync(_app.Client(), Documents.Alert(documentId));
        }
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.Where(a => documentIds.Contains(a.DocumentId)).OrderBy(a => a.Id).Select(a => a.Id).ToArrayAsync();
    }

    [Fact]
    public async Task EscalatingTwoAlerts_CreatesAnIncident_LinksEachOnce_NumbersThemInTheFeed_AndAudits()
    {
        var ids = await NewAlertsAsync("esc-1", "esc-2");
        var published = new List<FeedChange>();
        using var subscription = _app.Get<LiveFeed>().Subscribe(changes => { lock (published) { published.AddRange(changes); } });
        var notified = new List<long>();
        using var incidents = _app.Get<LiveFeed>().SubscribeIncidents(change => { lock (notified) { notified.Add(change.Incident.Id); } });

        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident(), [ids[0], ids[1], ids[0]], CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal((2, 0), (outcome.Linked, outcome.AlreadyLinked));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var incident = await db.Incidents.SingleAsync();
        Assert.Equal(outcome.IncidentId, incident.Id);
        Assert.Equal((IncidentStatus.Open, IncidentPhase.DetectionAndAnalysis, "ana"), (incident.Status, incident.Phase, incident.CreatedById));
        Assert.EndsWith(" and 1 more", incident.Title);
        Assert.Equal(ids, await db.Alerts.Where(a => a.IncidentId == incident.Id).OrderBy(a => a.Id).Select(a => a.Id).ToArrayAsync());
        var rows = await db.ChangeFeed.Where(c => c.Kind == ChangeKind.AlertEscalated).OrderBy(c => c.Seq).Select(c => c.EntityId).ToListAsync();
        Assert.Equal(ids, rows);
        lock (published)
        {
            Assert.Equal(ids, published.Where(c => c.Kind == ChangeKind.AlertEscalated).Select(c => c.Alert.Id).Order());
            Assert.All(published.Where(c => c.Kind == ChangeKind.AlertEscalated), c => Assert.Equal(incident.Id, c.Alert.IncidentId));
        }
        lock (notified)
        {
            Assert.Equal([incident.Id], notified);
        }
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "incident.create" && r.Target == "incident:" + incident.Id && r.ActorId == "ana" && r.Outcome == AuditOutcome.Success));
        Assert.Equal([IncidentEventKind.Created, IncidentEventKind.AlertsLinked], await db.IncidentEvents.OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
    }

    [Fact]
    public async Task MergingIntoAnOpenIncident_AddsOnlyAlertsNotInAnIncident_AndKeepsEveryLinkOnce()
    {
        var ids = await NewAlertsAsync("merge-1", "merge-2", "merge-3");
        var escalation = _app.Get<IncidentEscalation>();
        var first = await escalation.CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("First"), [ids[0]], CancellationToken.None);
        var second = await escalation.CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("Second"), [ids[1]], CancellationToken.None);

        var merge = await escalation.AddAlertsAsync(As(Roles.Responder, "bo"), first.IncidentId, [ids[0], ids[1], ids[2]], CancellationToken.None);

        Assert.True(merge.Succeeded, merge.Error);
        Assert.Equal((1, 2), (merge.Linked, merge.AlreadyLinked));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var links = await db.Alerts.Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).Select(a => a.IncidentId).ToListAsync();
        Assert.Equal([first.IncidentId, second.IncidentId, first.IncidentId], links);
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "incident.link" && r.Target == "incident:" + first.IncidentId && r.ActorId == "bo"));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(As(Roles.Manager, "mia"), first.IncidentId, CancellationToken.None);
        Assert.Equal([ids[0], ids[2]], timeline.Where(e => e.Kind == TimelineKind.Alert).Select(e => e.AlertId!.Value).Order());
    }

    [Fact]
    public async Task MergingIntoAClosedIncident_IsRefused_AndLinksNothing()
    {
        var ids = await NewAlertsAsync("closed-1", "closed-2");
        var incident = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("Done"), [ids[0]], CancellationToken.None);
        var view = await _app.Get<IncidentQueries>().GetAsync(As(Roles.Responder, "bo"), incident.IncidentId, CancellationToken.None);
        // Closed at low: a high or critical incident would need its post-incident review first.
        var closed = await _app.Get<IncidentEditing>().UpdateAsync(As(Roles.Responder, "bo"), incident.IncidentId,
            new IncidentEdit(view!.Version, IncidentStatus.Closed, IncidentPhase.PostIncident, SecOps.Web.Features.Alerts.Severity.Low, null), CancellationToken.None);
        Assert.True(closed.Succeeded, closed.Error);

        var merge = await _app.Get<IncidentEscalation>().AddAlertsAsync(As(Roles.Analyst, "ana"), incident.IncidentId, [ids[1]], CancellationToken.None);

        Assert.False(merge.Succeeded);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Null(await db.Alerts.Where(a => a.Id == ids[1]).Select(a => a.IncidentId).SingleAsync());
    }

    [Fact]
    public async Task Manager_CannotEscalate_AndTheRefusalIsAudited()
    {
        var ids = await NewAlertsAsync("mgr-1");

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Manager, "mia"), new NewIncident("Nope"), ids, CancellationToken.None));

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Incidents.CountAsync());
        Assert.Null(await db.Alerts.Where(a => a.Id == ids[0]).Select(a => a.IncidentId).SingleAsync());
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "incident.create" && r.ActorId == "mia" && r.Outcome == AuditOutcome.Refused));
    }
}
