using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Notes;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Notes;

/// <summary>Notes on an alert: stored, numbered in the change feed, published live, kept in the alert's history, audited.</summary>
public sealed class AlertNotesTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Actor As(string role, string id) => new(id, id + "@example.test", PermissionTable.ForRole(role).ToHashSet());

    private async Task<long> NewAlertAsync(string documentId)
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert(documentId));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.Where(a => a.DocumentId == documentId).Select(a => a.Id).SingleAsync();
    }

    [Fact]
    public async Task AddingANote_StoresIt_WritesAFeedRow_AndPublishesTheAlertLive_WithoutChangingItsStatus()
    {
        var alertId = await NewAlertAsync("note-1");
        var published = new List<FeedChange>();
        using var subscription = _app.Get<LiveFeed>().Subscribe(changes => { lock (published) { published.AddRange(changes); } });

        var outcome = await _app.Get<AlertNotes>().AddAsync(As(Roles.Analyst, "ana"), alertId, "  Blocked at the **WAF**\u202E\r\nsee ticket  ", CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var note = await db.AlertNotes.SingleAsync(n => n.AlertId == alertId);
        Assert.Equal("Blocked at the **WAF**\uFFFD\nsee ticket", note.Text);
        Assert.Equal(("ana", "ana@example.test"), (note.AuthorId, note.AuthorName));
        var row = await db.ChangeFeed.OrderByDescending(c => c.Seq).FirstAsync();
        Assert.Equal((ChangeKind.AlertNoted, alertId), (row.Kind, row.EntityId));
        var alert = await db.Alerts.SingleAsync(a => a.Id == alertId);
        Assert.Equal(row.Seq, alert.LastSeq);
        Assert.Equal(AlertStatus.Open, alert.Status);
        // Published before the writer returned: nothing to wait for.
        lock (published)
        {
            var change = Assert.Single(published, c => c.Alert.Id == alertId);
            Assert.Equal((row.Seq, ChangeKind.AlertNoted), (change.Seq, change.Kind));
        }
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "alert.note" && r.Target == "alert:" + alertId && r.Outcome == AuditOutcome.Success));
    }

    [Fact]
    public async Task Notes_AreInTheAlertsDetail_InOrder()
    {
        var alertId = await NewAlertAsync("note-2");
        var notes = _app.Get<AlertNotes>();
        await notes.AddAsync(As(Roles.Analyst, "ana"), alertId, "first", CancellationToken.None);
        await notes.AddAsync(As(Roles.Responder, "bo"), alertId, "second", CancellationToken.None);

        var detail = await _app.Get<AlertQueries>().GetDetailAsync(As(Roles.Manager, "mia"), alertId, CancellationToken.None);

        Assert.Equal(["first", "second"], detail!.Notes.Select(n => n.Text));
        Assert.Equal(["first", "second"], (await notes.ListAsync(As(Roles.Manager, "mia"), alertId, CancellationToken.None)).Select(n => n.Text));
    }

    [Fact]
    public async Task Manager_CannotAddNotes_AndEmptyNotesAreRefused()
    {
        var alertId = await NewAlertAsync("note-3");
        var notes = _app.Get<AlertNotes>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => notes.AddAsync(As(Roles.Manager, "mia"), alertId, "hello", CancellationToken.None));
        var empty = await notes.AddAsync(As(Roles.Analyst, "ana"), alertId, " \n\t ", CancellationToken.None);
        var missing = await notes.AddAsync(As(Roles.Analyst, "ana"), 987_654, "hello", CancellationToken.None);

        Assert.False(empty.Succeeded);
        Assert.False(missing.Succeeded);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.AlertNotes.CountAsync());
    }
}
