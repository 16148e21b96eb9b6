using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Features.Admin;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Evidence;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Notes;
using SecOps.Web.Features.Playbooks;
using SecOps.Web.Features.Regulatory;
using SecOps.Web.Features.Retention;
using SecOps.Web.Features.Reviews;

namespace SecOps.IntegrationTests.Features.Retention;

/// <summary>
/// Issue #12, GDPR retention: with the clock fixed, records one second past each kind's period are purged and records
/// one second inside it are kept, compared row by row; open alerts and alerts linked to an incident never go; a closed
/// incident takes every row belonging to it and its deletion is announced (numbered, a tombstone kept); the audit trail
/// is untouched and still verifies; each run is audited with its counts; purged alerts reach live clients as one bulk
/// notice; automation firings go after their period, never within the longest rate-limit window.
/// </summary>
public sealed class RetentionPurgeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AlertPeriod = TimeSpan.FromDays(365);
    private static readonly TimeSpan EventPeriod = TimeSpan.FromDays(180);
    private static readonly TimeSpan IncidentPeriod = TimeSpan.FromDays(1095);
    private static readonly TimeSpan FiringPeriod = TimeSpan.FromDays(90);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly SecOpsApp _app;

    public RetentionPurgeTests() => _app = new SecOpsApp(new Dictionary<string, string?>
    {
        // Two per transaction, so every kind takes several batches.
        ["SecOps:Retention:BatchSize"] = "2",
    }, time: _time);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Purge_DeletesOnlyWhatIsPastEachPeriod_KeepsOpenAndIncidentAlerts_TakesAClosedIncidentsRows_AndAuditsTheCounts()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        long purgedIncident, keptIncident, openIncident;
        await using (var db = await Db())
        {
            var closedOld = Incident("closed long ago", IncidentStatus.Closed, Now - IncidentPeriod - Second);
            var closedRecent = Incident("closed within the period", IncidentStatus.Closed, Now - IncidentPeriod + Second);
            var stillOpen = Incident("open for years", IncidentStatus.InProgress, null);
            db.Incidents.AddRange(closedOld, closedRecent, stillOpen);
            await db.SaveChangesAsync();
            (purgedIncident, keptIncident, openIncident) = (closedOld.Id, closedRecent.Id, stillOpen.Id);
            await AddEverythingBelongingToAsync(db, purgedIncident);
            await AddEverythingBelongingToAsync(db, keptIncident);

            db.Alerts.AddRange(
                Alert("outside-1", Now - AlertPeriod - Second),
                Alert("outside-2", Now - AlertPeriod - TimeSpan.FromDays(30)),
                Alert("outside-3", Now - AlertPeriod - TimeSpan.FromDays(300)),
                Alert("inside", Now - AlertPeriod + Second),
                Alert("open-and-old", null, AlertStatus.Open),
                Alert("reopened", Now - AlertPeriod - TimeSpan.FromDays(10), AlertStatus.InProgress),
                Alert("in-open-incident", Now - AlertPeriod - TimeSpan.FromDays(10), incidentId: openIncident),
                Alert("in-kept-incident", Now - AlertPeriod - TimeSpan.FromDays(10), incidentId: keptIncident),
                // Linked to the purged incident: unlinked, then the closed-alert period applies (this one is past it, the open one is not closed).
                Alert("in-purged-incident-closed", Now - AlertPeriod - TimeSpan.FromDays(10), incidentId: purgedIncident),
                Alert("in-purged-incident-open", null, AlertStatus.Acknowledged, incidentId: purgedIncident));
            db.AuditEvents.AddRange(Event("event-outside", Now - EventPeriod - Second), Event("event-outside-2", Now - EventPeriod - TimeSpan.FromDays(1)),
                Event("event-outside-3", Now - EventPeriod - TimeSpan.FromDays(2)), Event("event-inside", Now - EventPeriod + Second));
            await db.SaveChangesAsync();
            var alerts = await db.Alerts.ToDictionaryAsync(a => a.DocumentId, a => a.Id);
            foreach (var doc in new[] { "outside-1", "inside" })
            {
                db.AlertNotes.Add(new AlertNote { AlertId = alerts[doc], At = Now - AlertPeriod, AuthorId = ada.Id, AuthorName = "Ada", Text = "note on " + doc });
                db.AlertTransitions.Add(new AlertTransition { AlertId = alerts[doc], At = Now - AlertPeriod, ActorId = ada.Id, ActorName = "Ada", FromStatus = AlertStatus.Open, ToStatus = AlertStatus.Closed });
            }
            await db.SaveChangesAsync();
        }
        await _app.Get<AuditTrail>().AppendAsync(ada, "test.before-purge", null, null, AuditOutcome.Success, CancellationToken.None);
        var trailBefore = await TrailAsync();
        var preview = await _app.Get<RetentionPurge>().PreviewAsync(ada, CancellationToken.None);

        var counts = await _app.Get<RetentionPurge>().RunNowAsync(ada, CancellationToken.None);

        var expected = new RetentionCounts { Alerts = 4, AlertNotes = 1, AlertHistory = 1, AuditEvents = 3, Incidents = 1, IncidentRows = 14, AlertsUnlinked = 2 };
        Assert.Equal(expected, counts);
        // The dry run saw the incident's closed alert as still linked, so not yet as a closed alert to purge.
        Assert.Equal(expected with { Alerts = 3, AlertHistory = 0, IncidentRows = 0 }, preview);
        await using (var db = await Db())
        {
            Assert.Equal(["in-kept-incident", "in-open-incident", "in-purged-incident-open", "inside", "open-and-old", "reopened"],
                await db.Alerts.OrderBy(a => a.DocumentId).Select(a => a.DocumentId).ToListAsync());
            Assert.Null((await db.Alerts.SingleAsync(a => a.DocumentId == "in-purged-incident-open")).IncidentId);
            Assert.Equal(["note on inside"], await db.AlertNotes.Select(n => n.Text).ToListAsync());
            Assert.Equal([await db.Alerts.Where(a => a.DocumentId == "inside").Select(a => a.Id).SingleAsync()], await db.AlertTransitions.Select(t => t.AlertId).ToListAsync());
            Assert.Equal(["event-inside"], await db.AuditEvents.Select(e => e.DocumentId).ToListAsync());
            Assert.Equal([keptIncident, openIncident], await db.Incidents.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync());
            // Every table with an incident id, whatever feature added it: nothing left of the purged incident, all of the kept one.
            // (The tombstones are what is left on purpose: who may hear of the deletion, checked below.)
            foreach (var table in TablesWithIncidentId(db).Where(t => t is not ("Alerts" or "IncidentTombstones" or "TaskTombstones")))
            {
                Assert.True(await RowsAsync(db, table, purgedIncident) == 0, $"{table} still holds rows of the purged incident");
                Assert.True(await RowsAsync(db, table, keptIncident) > 0, $"{table} lost rows of the kept incident");
            }
            Assert.Equal(0, await RowsAsync(db, "Alerts", purgedIncident));
            Assert.Equal(0, await db.EvidenceBlobs.CountAsync(b => !db.EvidenceFiles.Any(f => f.Id == b.EvidenceId)));
            // The purge announces the deletion like an approved one: numbered, with a tombstone holding only its audience.
            Assert.Equal([purgedIncident], await db.ChangeFeed.Where(e => e.Kind == ChangeKind.IncidentDeleted).Select(e => e.EntityId).ToListAsync());
            var tombstone = await db.IncidentTombstones.SingleAsync();
            Assert.Equal((purgedIncident, false, ""), (tombstone.IncidentId, tombstone.Restricted, tombstone.MemberIds));
            Assert.Empty(await db.TaskTombstones.ToListAsync());
        }
        // The trail is appended to, never purged: what was there is there unchanged, and the chain verifies.
        var trailAfter = await TrailAsync();
        Assert.Equal(trailBefore.Select(r => (r.Id, r.Sequence, r.Mac, r.Action, r.Details)), trailAfter.Take(trailBefore.Count).Select(r => (r.Id, r.Sequence, r.Mac, r.Action, r.Details)));
        var run = Assert.Single(trailAfter.Skip(trailBefore.Count));
        Assert.Equal((ada.Id, RetentionPurge.RunAction, "retention", AuditOutcome.Success,
            "closed alerts 4 (notes 1, history 1); audit events 3; closed incidents 1 (rows 14, alerts unlinked 2); automation firings 0; "
            + "periods: closed alerts 365, audit events 180, closed incidents 1095, automation firings 90"),
            (run.ActorId, run.Action, run.Target, run.Outcome, run.Details));
        Assert.True((await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None)).Intact);
        var runs = await _app.Get<RetentionPurge>().RecentRunsAsync(ada, 10, CancellationToken.None);
        Assert.Equal((false, true, run.Details), (Assert.Single(runs).Scheduled, runs[0].Succeeded, runs[0].Counts));

        // Nothing is past its period any more: a second run deletes nothing.
        Assert.Equal(new RetentionCounts(), await _app.Get<RetentionPurge>().RunNowAsync(ada, CancellationToken.None));
    }

    [Fact]
    public async Task Purge_DeletesAutomationFiringsPastTheirPeriod_KeepsRecentOnes_AndAuditsTheCount()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        await using (var db = await Db())
        {
            db.AutomationFirings.AddRange(
                Firing("alert:1", Now - FiringPeriod - Second), Firing("alert:2", Now - FiringPeriod - TimeSpan.FromDays(1)),
                Firing("alert:3", Now - FiringPeriod - TimeSpan.FromDays(30)), Firing("alert:4", Now - FiringPeriod + Second), Firing("alert:5", Now));
            await db.SaveChangesAsync();
        }
        var preview = await _app.Get<RetentionPurge>().PreviewAsync(ada, CancellationToken.None);

        var counts = await _app.Get<RetentionPurge>().RunNowAsync(ada, CancellationToken.None);

        Assert.Equal((3, 3), (preview.AutomationFirings, counts.AutomationFirings));
        Assert.Equal(new RetentionCounts { AutomationFirings = 3 }, counts);
        await using (var db = await Db())
        {
            Assert.Equal(["alert:4", "alert:5"], await db.AutomationFirings.OrderBy(f => f.Subject).Select(f => f.Subject).ToListAsync());
        }
        var run = (await TrailAsync()).Last();
        Assert.Equal((RetentionPurge.RunAction, AuditOutcome.Success), (run.Action, run.Outcome));
        Assert.Contains("; automation firings 3; periods:", run.Details, StringComparison.Ordinal);
        Assert.EndsWith(", automation firings 90", run.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShortFiringPeriod_StillKeepsTheFiringsOfTheLongestRateLimitWindow()
    {
        using var app = new SecOpsApp(new Dictionary<string, string?> { ["SecOps:Retention:AutomationFiringsDays"] = "1" }, time: _time);
        var (ada, _) = await AdminPeople.CreateAsync(app, "Ada", Roles.Admin);
        await using (var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            db.AutomationFirings.AddRange(Firing("alert:2-days-old", Now - TimeSpan.FromDays(2)), Firing("alert:8-days-old", Now - TimeSpan.FromDays(8)));
            await db.SaveChangesAsync();
        }

        var counts = await app.Get<RetentionPurge>().RunNowAsync(ada, CancellationToken.None);

        Assert.Equal(1, counts.AutomationFirings);
        await using (var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(["alert:2-days-old"], await db.AutomationFirings.Select(f => f.Subject).ToListAsync());
        }
    }

    [Fact]
    public async Task PurgedAlerts_ReachLiveClients_AsOneBulkNotice_AndLeaveNoAlertToReplay()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        await using (var db = await Db())
        {
            db.Alerts.AddRange(Alert("gone-1", Now - AlertPeriod - Second), Alert("gone-2", Now - AlertPeriod - Second), Alert("gone-3", Now - AlertPeriod - Second));
            await db.SaveChangesAsync();
        }
        var received = new TaskCompletionSource<BulkNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = _app.Hub();
        hub.On<BulkNotice>("bulk", n => received.TrySetResult(n));
        await hub.StartAsync();
        var head = _app.Get<LiveFeed>().Head;
        await hub.InvokeAsync("Resume", head);

        await _app.Get<RetentionPurge>().RunNowAsync(ada, CancellationToken.None);

        // Batches of two: the first bulk notice covers two of the three.
        var notice = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((head + 1, head + 2, 2, nameof(ChangeKind.AlertPurged)), (notice.SeqFrom, notice.SeqTo, notice.Count, notice.Kind));
        Assert.Equal(head + 3, _app.Get<LiveFeed>().Head);
        Assert.Empty(await _app.Get<FeedReader>().ReadAsync(head, head + 3, 10, CancellationToken.None));
    }

    [Fact]
    public async Task TheSchedule_RunsAsSecOps_WhenNoRunIsRecordedWithinTheInterval()
    {
        using var app = new SecOpsApp(new Dictionary<string, string?> { ["SecOps:Retention:Enabled"] = "true", ["SecOps:Retention:Interval"] = "1.00:00:00" }, time: _time);
        await using (var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            db.Alerts.Add(Alert("scheduled-gone", Now - AlertPeriod - Second));
            await db.SaveChangesAsync();
        }
        Assert.True(await app.Get<RetentionPurge>().DueAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromHours(1));

        var run = await PollAsync(async () =>
        {
            await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
            return await db.AuditRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Action == RetentionPurge.RunAction);
        });
        Assert.Equal((Actor.System.Id, AuditOutcome.Success), (run.ActorId, run.Outcome));
        Assert.StartsWith("closed alerts 1 (notes 0, history 0);", run.Details, StringComparison.Ordinal);
        Assert.False(await app.Get<RetentionPurge>().DueAsync(CancellationToken.None));

        // Hourly looks find nothing due until a whole interval after the last run; then it runs again.
        _time.Advance(TimeSpan.FromHours(23));
        Assert.False(await app.Get<RetentionPurge>().DueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(1));
        await PollAsync(async () =>
        {
            await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
            return await db.AuditRecords.CountAsync(r => r.Action == RetentionPurge.RunAction) == 2 ? "ran again" : null;
        });
    }

    private async Task<SecOpsDbContext> Db() => await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();

    private async Task<List<AuditRecord>> TrailAsync()
    {
        await using var db = await Db();
        return await db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).ToListAsync();
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> read) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, "the scheduled purge did not run");
            await Task.Delay(50);
        }
    }

    private static IEnumerable<string> TablesWithIncidentId(SecOpsDbContext db) =>
        db.Model.GetEntityTypes().Where(e => e.FindProperty("IncidentId") is not null && e.GetTableName() is not null).Select(e => e.GetTableName()!).Distinct();

    private static Task<long> RowsAsync(SecOpsDbContext db, string table, long incidentId)
    {
        // Table names come from the model, not from input.
        var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\" WHERE \"IncidentId\" = {0}";
        return db.Database.SqlQueryRaw<long>(sql, incidentId).SingleAsync();
    }

    private static Incident Incident(string title, IncidentStatus status, DateTimeOffset? closedAt) => new()
    {
        Title = title, Status = status, CreatedById = "someone", CreatedAt = Now - TimeSpan.FromDays(2000),
        UpdatedAt = closedAt ?? Now - TimeSpan.FromDays(2000), ResolvedAt = closedAt,
    };

    private static Alert Alert(string documentId, DateTimeOffset? closedAt, AlertStatus? status = null, long? incidentId = null) => new()
    {
        DocumentId = documentId, Fingerprint = documentId, RuleName = "rule " + documentId,
        AlertTime = Now - TimeSpan.FromDays(800), EventTime = Now - TimeSpan.FromDays(800), IngestedAt = Now - TimeSpan.FromDays(800), UpdatedAt = closedAt ?? Now - TimeSpan.FromDays(800),
        Status = status ?? AlertStatus.Closed, ClosedAt = closedAt, CloseReason = closedAt is null ? null : CloseReason.FalsePositive, IncidentId = incidentId,
    };

    private static RuleFiring Firing(string subject, DateTimeOffset at) => new()
    {
        Rule = "critical-to-chat", Subject = subject, ClaimedAt = at, Outcome = "chat to chat.test", Succeeded = true,
    };

    private static AuditEvent Event(string documentId, DateTimeOffset at) => new()
    {
        DocumentId = documentId, Timestamp = at, IngestedAt = at, UpdatedAt = at, UserName = "someone@example.test", Summary = "signed in",
    };

    /// <summary>One row of every kind an incident owns: 14 rows (with the evidence blob and custody entry, the review's follow-up, the playbook's task).</summary>
    private static async Task AddEverythingBelongingToAsync(SecOpsDbContext db, long incidentId)
    {
        var at = Now - IncidentPeriod - TimeSpan.FromDays(10);
        db.IncidentEvents.AddRange(
            new IncidentEvent { IncidentId = incidentId, At = at, Kind = IncidentEventKind.Note, ActorId = "r", ActorName = "R", Text = "a note" },
            new IncidentEvent { IncidentId = incidentId, At = at, Kind = IncidentEventKind.CommunicationSent, ActorId = "r", ActorName = "R", Text = "{}" },
            new IncidentEvent { IncidentId = incidentId, At = at, Kind = IncidentEventKind.TimelineEvent, ActorId = "r", ActorName = "R", Text = "host isolated" });
        db.IncidentMembers.Add(new IncidentMember { IncidentId = incidentId, UserId = "member-" + incidentId, UserName = "Member" });
        db.IncidentObservables.Add(new IncidentObservable { IncidentId = incidentId, Type = default, Value = "10.0.0." + incidentId, AddedAt = at, AddedById = "r", AddedByName = "R" });
        db.IncidentNotifications.Add(new IncidentNotification { IncidentId = incidentId, Duty = default, SentAt = at, Recipient = "authority", RecordedAt = at, RecordedById = "r", RecordedByName = "R" });
        db.PostIncidentReviews.Add(new PostIncidentReview { IncidentId = incidentId, RootCause = "cause", UpdatedAt = at, UpdatedById = "r", UpdatedByName = "R" });
        db.ReviewFollowUps.Add(new ReviewFollowUp { IncidentId = incidentId, Action = "patch", OwnerId = "r", OwnerName = "R" });
        var file = new EvidenceFile { IncidentId = incidentId, FileName = "mail.eml", Size = 3, Sha256 = new string('a', 64), UploadedAt = at, UploadedById = "r", UploadedByName = "R" };
        db.EvidenceFiles.Add(file);
        var version = await db.PlaybookVersions.FirstOrDefaultAsync() ?? await AddPlaybookAsync(db);
        var playbook = new IncidentPlaybook { IncidentId = incidentId, PlaybookVersionId = version.Id, PlaybookKey = "p", PlaybookName = "P", AttachedAt = at, AttachedById = "r", AttachedByName = "R" };
        db.IncidentPlaybooks.Add(playbook);
        await db.SaveChangesAsync();
        db.EvidenceBlobs.Add(new EvidenceBlob { EvidenceId = file.Id, Content = [1, 2, 3] });
        db.EvidenceCustody.Add(new EvidenceCustodyEntry { IncidentId = incidentId, EvidenceId = file.Id, At = at, Action = default, ActorId = "r", ActorName = "R" });
        db.IncidentTasks.AddRange(
            new IncidentTask { IncidentId = incidentId, IncidentPlaybookId = playbook.Id, StepKey = "s1", Title = "Step 1", OwnerRole = Roles.Responder },
            new IncidentTask { IncidentId = incidentId, IncidentPlaybookId = playbook.Id, StepKey = "s2", Title = "Step 2", OwnerRole = Roles.Responder });
        await db.SaveChangesAsync();
    }

    private static async Task<PlaybookVersion> AddPlaybookAsync(SecOpsDbContext db)
    {
        var playbook = new Playbook { Key = "retention-test", Name = "Retention test", LatestVersion = 1, UpdatedAt = Now };
        db.Playbooks.Add(playbook);
        await db.SaveChangesAsync();
        var version = new PlaybookVersion { PlaybookId = playbook.Id, Version = 1, Name = "Retention test", Yaml = "", ContentHash = "x", ImportedAt = Now, ImportedById = "r", ImportedByName = "R" };
        db.PlaybookVersions.Add(version);
        await db.SaveChangesAsync();
        return version;
    }
}
