using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;
using SecOps.Web.Features.Regulatory;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// The timeline holds every kind of entry (linked alerts, changes, notes, tasks, notifications, responders' own events)
/// each at the time it happened, interleaved in one time order, whatever order they were recorded in.
/// </summary>
public sealed class IncidentTimelineOrderTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T);
    private readonly SecOpsApp _app;
    private static readonly Actor Responder = As(Roles.Responder, "bo");

    public IncidentTimelineOrderTests() => _app = new SecOpsApp(time: _time);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task EntriesOfAllKinds_InterleaveInTimeOrder_EachAtTheTimeItHappened()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("order-1", rule: "Suspicious email link clicked", at: T.AddHours(-3)));
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            var alert = await db.Alerts.SingleAsync(a => a.DocumentId == "order-1");
            var created = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("Phishing wave", Type: IncidentType.Fraud), [alert.Id], CancellationToken.None);
            Assert.True(created.Succeeded, created.Error);
        }
        var id = (await _app.Get<IncidentQueries>().ListAsync(Responder, new IncidentFilter(), CancellationToken.None)).Single().Id;
        var editing = _app.Get<IncidentEditing>();
        async Task At(int minutes, Func<Task> step)
        {
            _time.SetUtcNow(T.AddMinutes(minutes));
            await step();
        }

        await At(10, () => editing.AddNoteAsync(Responder, id, "Mailbox purged", CancellationToken.None));
        // Recorded at +20 min, happened two hours before the incident was opened.
        await At(20, () => editing.AddTimelineEventAsync(Responder, id, T.AddHours(-2), "User reported the mail by phone", CancellationToken.None));
        await At(30, async () =>
        {
            var incident = (await _app.Get<IncidentQueries>().GetAsync(Responder, id, CancellationToken.None))!;
            Assert.True((await editing.UpdateAsync(Responder, id, new IncidentEdit(incident.Version, IncidentStatus.InProgress, incident.Phase, incident.Severity, null), CancellationToken.None)).Succeeded);
        });
        await At(40, () => _app.Get<PlaybookRunner>().AttachAsync(Responder, id, "insider-misuse", CancellationToken.None));
        await At(50, async () =>
        {
            var incident = (await _app.Get<IncidentQueries>().GetAsync(Responder, id, CancellationToken.None))!;
            Assert.True((await _app.Get<IncidentRegulatory>().SetAsync(Responder, id, new RegulatoryEdit(incident.Version, T.AddHours(-3), true, false), CancellationToken.None)).Succeeded);
        });
        // Recorded at +60 min, sent at +5 min.
        await At(60, () => _app.Get<IncidentRegulatory>().RecordAsync(Responder, id, new NewNotification(RegulatoryDuty.GdprAuthority, T.AddMinutes(5), "DPC", "DPC-1"), CancellationToken.None));

        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(As(Roles.Manager, "mia"), id, CancellationToken.None);

        Assert.Equal(
            [
                (T.AddHours(-3), TimelineKind.Alert, "Suspicious email link clicked"),
                (T.AddHours(-2), TimelineKind.Event, "User reported the mail by phone"),
                (T, TimelineKind.Change, "Created"),
                (T, TimelineKind.Change, "1 alert linked"),
                (T.AddMinutes(5), TimelineKind.Notification, "GDPR Art. 33 · supervisory authority (72 h) sent to DPC (reference DPC-1)"),
                (T.AddMinutes(10), TimelineKind.Note, "Note"),
                (T.AddMinutes(30), TimelineKind.Change, "Status: Open → In progress"),
            ],
            timeline.Take(7).Select(e => (e.At, e.Kind, e.Title)));
        Assert.Equal((T.AddMinutes(40), TimelineKind.Task), (timeline[7].At, timeline[7].Kind));
        Assert.StartsWith("Playbook attached: Insider / privileged misuse", timeline[7].Title);
        Assert.Equal((T.AddMinutes(50), TimelineKind.Change), (timeline[8].At, timeline[8].Kind));
        Assert.Equal(9, timeline.Count);
        // The first move out of open ends the acknowledge SLA clock.
        var stored = (await _app.Get<IncidentQueries>().GetAsync(Responder, id, CancellationToken.None))!;
        Assert.Equal((T.AddMinutes(30), (DateTimeOffset?)null), (stored.AcknowledgedAt!.Value, stored.ResolvedAt));
        await using var check = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await check.AuditRecords.SingleAsync(r => r.Action == "incident.event");
        Assert.Equal(("bo", AuditOutcome.Success, "at 2026-12-01 07:00:00 UTC"), (audit.ActorId, audit.Outcome, audit.Details));
    }

    [Fact]
    public async Task TimelineEvents_NeedWordsAndAPastTime_AndOnlyRespondersAddThem()
    {
        var created = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("Lost laptop"), [], CancellationToken.None);
        var editing = _app.Get<IncidentEditing>();

        var empty = await editing.AddTimelineEventAsync(Responder, created.IncidentId, T.AddHours(-1), " \n ", CancellationToken.None);
        var future = await editing.AddTimelineEventAsync(Responder, created.IncidentId, T.AddHours(1), "Laptop found", CancellationToken.None);
        var longAgo = await editing.AddTimelineEventAsync(Responder, created.IncidentId, T.AddDays(-40), "Laptop last seen\nin the office", CancellationToken.None);
        await Assert.ThrowsAsync<AccessDeniedException>(() => editing.AddTimelineEventAsync(As(Roles.Manager, "mia"), created.IncidentId, T, "x", CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => editing.AddTimelineEventAsync(As(Roles.Analyst, "ana"), created.IncidentId, T, "x", CancellationToken.None));

        Assert.Equal("Say what happened.", empty.Error);
        Assert.Equal("That time is in the future: the timeline records what has happened.", future.Error);
        Assert.True(longAgo.Succeeded, longAgo.Error);
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(As(Roles.Manager, "mia"), created.IncidentId, CancellationToken.None);
        Assert.Equal([(T.AddDays(-40), TimelineKind.Event, "Laptop last seen in the office", "bo@example.test"), (T, TimelineKind.Change, "Created", "ana@example.test")],
            timeline.Select(e => (e.At, e.Kind, e.Title, e.Who)));
    }
}
