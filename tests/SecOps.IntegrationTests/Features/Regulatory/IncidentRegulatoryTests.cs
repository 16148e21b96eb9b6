using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Regulatory;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Regulatory;

/// <summary>
/// Regulatory records on a real store and a fake clock: an awareness time earlier than creation starts the clocks,
/// each notification is recorded (when, to whom, reference), on the timeline at the time it was sent and audited;
/// responders write, managers read, others are refused.
/// </summary>
public sealed class IncidentRegulatoryTests : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Created);
    private readonly SecOpsApp _app;
    private static readonly Actor Responder = As(Roles.Responder, "bo");
    private static readonly Actor Manager = As(Roles.Manager, "mia");

    public IncidentRegulatoryTests() => _app = new SecOpsApp(time: _time);

    public void Dispose() => _app.Dispose();

    private async Task<IncidentView> NewIncidentAsync()
    {
        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("Customer database exfiltrated", Severity: Severity.Critical), [], CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return (await _app.Get<IncidentQueries>().GetAsync(Manager, outcome.IncidentId, CancellationToken.None))!;
    }

    [Fact]
    public async Task AwarenessEarlierThanCreation_StartsTheClocksThen_IsOnTheTimeline_AndAudited()
    {
        var incident = await NewIncidentAsync();
        Assert.Equal((Created, false, false), (incident.AwareAt, incident.PersonalData, incident.Nis2));
        var aware = Created.AddHours(-30);

        var outcome = await _app.Get<IncidentRegulatory>().SetAsync(Responder, incident.Id, new RegulatoryEdit(incident.Version, aware, PersonalData: true, Nis2: true), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var stored = (await _app.Get<IncidentQueries>().GetAsync(Manager, incident.Id, CancellationToken.None))!;
        Assert.Equal((aware, true, true, incident.Version + 1), (stored.AwareAt, stored.PersonalData, stored.Nis2, stored.Version));
        var clocks = _app.Get<RegulatoryClock>().Evaluate(stored.RegulatoryFacts);
        // 30 h after awareness: the NIS2 early warning (24 h) is already missed; GDPR's 72 h has 42 h left and still runs.
        Assert.Equal(
            [(RegulatoryDuty.GdprAuthority, aware.AddHours(72), DeadlineState.Running), (RegulatoryDuty.Nis2EarlyWarning, aware.AddHours(24), DeadlineState.Missed),
             (RegulatoryDuty.Nis2Notification, aware.AddHours(72), DeadlineState.Running), (RegulatoryDuty.Nis2FinalReport, aware.AddHours(72).AddMonths(1), DeadlineState.Running)],
            clocks.Select(c => (c.Duty, c.Due, c.State)));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(Manager, incident.Id, CancellationToken.None);
        Assert.Equal("Regulatory: aware since 2026-11-30 03:00:00 UTC; GDPR Art. 33 (personal data); NIS2", timeline[^1].Title);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.SingleAsync(r => r.Action == "incident.regulatory");
        Assert.Equal(("bo", "incident:" + incident.Id, AuditOutcome.Success, "aware 2026-11-30 03:00:00 UTC; personal data yes; NIS2 yes"),
            (audit.ActorId, audit.Target, audit.Outcome, audit.Details));
    }

    [Fact]
    public async Task RecordingANotification_KeepsWhenToWhomAndReference_MeetsTheDeadline_AndIsOnTheTimelineAtTheTimeItWasSent()
    {
        var incident = await NewIncidentAsync();
        var regulatory = _app.Get<IncidentRegulatory>();
        await regulatory.SetAsync(Responder, incident.Id, new RegulatoryEdit(incident.Version, Created.AddHours(-2), true, false), CancellationToken.None);
        await _app.Get<IncidentEditing>().AddNoteAsync(Responder, incident.Id, "Called the DPO", CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(80));
        var sent = Created.AddHours(60);

        var outcome = await regulatory.RecordAsync(Responder, incident.Id,
            new NewNotification(RegulatoryDuty.GdprAuthority, sent, " Data Protection Commission\n", "DPC-2026-0042"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var stored = (await _app.Get<IncidentQueries>().GetAsync(Manager, incident.Id, CancellationToken.None))!;
        var notification = Assert.Single(stored.Notifications);
        Assert.Equal((RegulatoryDuty.GdprAuthority, sent, "Data Protection Commission", "DPC-2026-0042", "bo@example.test", Created.AddHours(80)),
            (notification.Duty, notification.SentAt, notification.Recipient, notification.Reference, notification.RecordedBy, notification.RecordedAt));
        var clock = Assert.Single(_app.Get<RegulatoryClock>().Evaluate(stored.RegulatoryFacts));
        Assert.Equal((DeadlineState.Met, notification), (clock.State, clock.Sent));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(Manager, incident.Id, CancellationToken.None);
        // Sent at +60 h, recorded at +80 h: the timeline places it at +60 h, after the note written at creation.
        var entry = timeline.Single(e => e.Kind == TimelineKind.Notification);
        Assert.Equal((sent, "GDPR Art. 33 · supervisory authority (72 h) sent to Data Protection Commission (reference DPC-2026-0042)", "bo@example.test"),
            (entry.At, entry.Title, entry.Who));
        Assert.Equal(timeline.OrderBy(e => e.At).Select(e => e.Title), timeline.Select(e => e.Title));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.SingleAsync(r => r.Action == "incident.notification");
        Assert.Equal(("bo", AuditOutcome.Success), (audit.ActorId, audit.Outcome));
        Assert.Contains("DPC-2026-0042", audit.Details);
    }

    [Fact]
    public async Task NotificationsFor_RegimesNotChosen_WithoutARecipient_OrInTheFuture_AreRefused_AndAwarenessInTheFutureToo()
    {
        var incident = await NewIncidentAsync();
        var regulatory = _app.Get<IncidentRegulatory>();

        var notChosen = await regulatory.RecordAsync(Responder, incident.Id, new NewNotification(RegulatoryDuty.GdprAuthority, Created, "DPC", null), CancellationToken.None);
        var nis2NotChosen = await regulatory.RecordAsync(Responder, incident.Id, new NewNotification(RegulatoryDuty.Nis2EarlyWarning, Created, "CSIRT", null), CancellationToken.None);
        var future = await regulatory.SetAsync(Responder, incident.Id, new RegulatoryEdit(incident.Version, Created.AddHours(1), true, true), CancellationToken.None);
        await regulatory.SetAsync(Responder, incident.Id, new RegulatoryEdit(incident.Version, Created, true, true), CancellationToken.None);
        var noRecipient = await regulatory.RecordAsync(Responder, incident.Id, new NewNotification(RegulatoryDuty.Nis2EarlyWarning, Created, "  ", null), CancellationToken.None);
        var sentLater = await regulatory.RecordAsync(Responder, incident.Id, new NewNotification(RegulatoryDuty.Nis2EarlyWarning, Created.AddHours(2), "CSIRT", null), CancellationToken.None);
        var stale = await regulatory.SetAsync(As(Roles.Responder, "cy"), incident.Id, new RegulatoryEdit(incident.Version, Created.AddHours(-1), false, false), CancellationToken.None);

        Assert.Equal("GDPR Art. 33 applies only when personal data is involved: tick it first.", notChosen.Error);
        Assert.Equal("NIS2 does not apply to this incident: tick it first.", nis2NotChosen.Error);
        Assert.Equal("The awareness time is in the future.", future.Error);
        Assert.Equal("Say to whom it was sent.", noRecipient.Error);
        Assert.Equal("The time it was sent is in the future.", sentLater.Error);
        Assert.StartsWith("Someone changed this incident", stale.Error);
        var stored = (await _app.Get<IncidentQueries>().GetAsync(Manager, incident.Id, CancellationToken.None))!;
        Assert.Equal((Created, true, true), (stored.AwareAt, stored.PersonalData, stored.Nis2));
        Assert.Empty(stored.Notifications);
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Manager)]
    public async Task OnlyResponders_RecordRegulatoryFacts_OthersAreRefusedAndAudited_ManagersStillRead(string role)
    {
        var incident = await NewIncidentAsync();
        var regulatory = _app.Get<IncidentRegulatory>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => regulatory.SetAsync(As(role, "someone"), incident.Id, new RegulatoryEdit(incident.Version, Created, true, false), CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => regulatory.RecordAsync(As(role, "someone"), incident.Id, new NewNotification(RegulatoryDuty.GdprAuthority, Created, "DPC", null), CancellationToken.None));

        var stored = await _app.Get<IncidentQueries>().GetAsync(Manager, incident.Id, CancellationToken.None);
        Assert.Equal((false, incident.Version), (stored!.PersonalData, stored.Version));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(["incident.notification", "incident.regulatory"],
            await db.AuditRecords.Where(r => r.ActorId == "someone" && r.Outcome == AuditOutcome.Refused).Select(r => r.Action).OrderBy(a => a).ToListAsync());
    }
}
