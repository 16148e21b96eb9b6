using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>Responders edit incidents: changes and notes recorded in the timeline, stale edits refused, roles enforced.</summary>
public sealed class IncidentEditingTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<IncidentView> NewIncidentAsync(string title)
    {
        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident(title, Severity: Severity.High), [], CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return (await _app.Get<IncidentQueries>().GetAsync(As(Roles.Manager, "mia"), outcome.IncidentId, CancellationToken.None))!;
    }

    [Fact]
    public async Task ResponderChangesStatusAndPhase_TheTimelineShowsBoth_InOrder_AndTheChangeIsAudited()
    {
        var incident = await NewIncidentAsync("Phishing wave");
        var editing = _app.Get<IncidentEditing>();

        var edit = await editing.UpdateAsync(As(Roles.Responder, "bo"), incident.Id,
            new IncidentEdit(incident.Version, IncidentStatus.InProgress, IncidentPhase.Containment, Severity.High, null), CancellationToken.None);
        var note = await editing.AddNoteAsync(As(Roles.Responder, "bo"), incident.Id, "Mailbox **purged**\u202E", CancellationToken.None);

        Assert.True(edit.Succeeded, edit.Error);
        Assert.True(note.Succeeded, note.Error);
        Assert.Equal((IncidentStatus.InProgress, IncidentPhase.Containment, incident.Version + 1), (edit.Current!.Status, edit.Current.Phase, edit.Current.Version));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(As(Roles.Manager, "mia"), incident.Id, CancellationToken.None);
        Assert.Equal(["Created", "Status: Open → In progress", "Phase: Detection and analysis → Containment", "Note"], timeline.Select(e => e.Title));
        Assert.Equal("Mailbox **purged**\uFFFD", timeline[^1].Text);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.SingleAsync(r => r.Action == "incident.update");
        Assert.Equal(("bo", "incident:" + incident.Id, AuditOutcome.Success), (audit.ActorId, audit.Target, audit.Outcome));
        Assert.Contains("Status: Open → In progress", audit.Details);
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "incident.note" && r.ActorId == "bo"));
    }

    [Fact]
    public async Task TwoEditsOnTheSameVersion_TheSecondIsRefused_AndTheFirstIsKept()
    {
        var incident = await NewIncidentAsync("Ransomware");
        var editing = _app.Get<IncidentEditing>();

        var first = await editing.UpdateAsync(As(Roles.Responder, "bo"), incident.Id,
            new IncidentEdit(incident.Version, IncidentStatus.InProgress, incident.Phase, incident.Severity, null), CancellationToken.None);
        var second = await editing.UpdateAsync(As(Roles.Responder, "cy"), incident.Id,
            new IncidentEdit(incident.Version, incident.Status, IncidentPhase.Containment, Severity.Critical, null), CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Contains("changed this incident", second.Error);
        Assert.Equal(IncidentStatus.InProgress, second.Current!.Status);
        var stored = await _app.Get<IncidentQueries>().GetAsync(As(Roles.Manager, "mia"), incident.Id, CancellationToken.None);
        Assert.Equal((IncidentStatus.InProgress, IncidentPhase.DetectionAndAnalysis, Severity.High), (stored!.Status, stored.Phase, stored.Severity));
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Manager)]
    public async Task OnlyResponders_EditOrWriteNotes_OthersAreRefusedAndAudited(string role)
    {
        var incident = await NewIncidentAsync("Insider");
        var editing = _app.Get<IncidentEditing>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => editing.UpdateAsync(As(role, "someone"), incident.Id,
            new IncidentEdit(incident.Version, IncidentStatus.Closed, incident.Phase, incident.Severity, null), CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => editing.AddNoteAsync(As(role, "someone"), incident.Id, "hi", CancellationToken.None));

        var stored = await _app.Get<IncidentQueries>().GetAsync(As(Roles.Manager, "mia"), incident.Id, CancellationToken.None);
        Assert.Equal((IncidentStatus.Open, incident.Version), (stored!.Status, stored.Version));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.AuditRecords.CountAsync(r => r.ActorId == "someone" && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task ReadingIncidents_NeedsIncidentsRead()
    {
        var incident = await NewIncidentAsync("Readable");
        var nobody = new Actor("nobody", "nobody", new HashSet<Permission> { Permission.AlertsRead });

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<IncidentQueries>().GetAsync(nobody, incident.Id, CancellationToken.None));
        var list = await _app.Get<IncidentQueries>().ListAsync(As(Roles.Manager, "mia"), new IncidentFilter(Severity: Severity.High), CancellationToken.None);
        Assert.Equal(["Readable"], list.Select(i => i.Title));
        Assert.Empty(await _app.Get<IncidentQueries>().ListAsync(As(Roles.Manager, "mia"), new IncidentFilter(Status: IncidentStatus.Closed), CancellationToken.None));
    }
}
