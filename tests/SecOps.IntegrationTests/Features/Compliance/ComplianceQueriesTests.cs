using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Compliance;

/// <summary>
/// The compliance queries on the real store (SQLite, or PostgreSQL with SECOPS_TEST_STORE=Postgres): a fixed data set
/// yesterday, and every figure compared with the value worked out by hand in the comments.
/// </summary>
public sealed class ComplianceQueriesTests : IDisposable
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
    private static readonly DateTimeOffset T = new(Yesterday.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
    private static readonly ComplianceRange Range = new(null, Yesterday.AddDays(-1), Yesterday);
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Alert A(string id, Severity severity, DateTimeOffset at, TimeSpan detectedAfter, string ruleId, string rule, string tactic, string source) => new()
    {
        DocumentId = id, Severity = severity, EventTime = at - detectedAfter, AlertTime = at, IngestedAt = at, UpdatedAt = at,
        RuleId = ruleId, RuleName = rule, MitreTactic = tactic, Source = source, Fingerprint = id,
    };

    private void Seed()
    {
        using var db = TestStore.Open(_app.DataDirectory);
        var a1 = A("a1", Severity.High, T, TimeSpan.FromMinutes(2), "waf-sqli-942100", "WAF: SQL injection attempt", "Initial Access", "waf");
        a1.AcknowledgedAt = T.AddMinutes(5);
        a1.ClosedAt = T.AddMinutes(30);
        a1.Status = AlertStatus.Closed;
        a1.CloseReason = CloseReason.FalsePositive;
        var a2 = A("a2", Severity.High, T.AddHours(1), TimeSpan.FromMinutes(1), "waf-sqli-942100", "WAF: SQL injection attempt", "Initial Access", "waf");
        a2.AcknowledgedAt = T.AddHours(1).AddMinutes(15);
        a2.ClosedAt = T.AddHours(3);
        a2.Status = AlertStatus.Closed;
        a2.CloseReason = CloseReason.TruePositive;
        var a3 = A("a3", Severity.Critical, T.AddHours(2), TimeSpan.FromSeconds(10), "edr-ps", "EDR: PowerShell", "Execution", "edr");
        a3.AcknowledgedAt = T.AddHours(2).AddMinutes(20);
        a3.Status = AlertStatus.Acknowledged;
        a3.AssigneeId = "ben";
        a3.AssigneeName = "ben";
        var a4 = A("a4", Severity.Critical, T.AddHours(3), TimeSpan.Zero, "edr-ps", "EDR: PowerShell", "Execution", "edr");
        var a5 = A("a5", Severity.High, T.AddHours(4), TimeSpan.Zero, "waf-sqli-942100", "WAF: SQL injection attempt", "Initial Access", "waf");
        a5.SuppressedBy = 1;
        var a6 = A("a6", Severity.Low, T.AddDays(-10), TimeSpan.Zero, "old", "Old rule", "Discovery", "ids");
        db.Alerts.AddRange(a1, a2, a3, a4, a5, a6);
        db.SaveChanges();
        db.AlertTransitions.AddRange(
            new AlertTransition { AlertId = a1.Id, At = T.AddMinutes(5), ActorId = "ana", ActorName = "ana", FromStatus = AlertStatus.Open, ToStatus = AlertStatus.Acknowledged },
            new AlertTransition { AlertId = a1.Id, At = T.AddMinutes(30), ActorId = "ana", ActorName = "ana", FromStatus = AlertStatus.Acknowledged, ToStatus = AlertStatus.Closed, CloseReason = CloseReason.FalsePositive },
            new AlertTransition { AlertId = a2.Id, At = T.AddHours(1).AddMinutes(15), ActorId = "ben", ActorName = "ben", FromStatus = AlertStatus.Open, ToStatus = AlertStatus.Acknowledged });
        var i1 = new Incident { Title = "Contained and resolved", Severity = Severity.High, Status = IncidentStatus.Resolved, Phase = IncidentPhase.PostIncident, CreatedById = "ana", CreatedAt = T, UpdatedAt = T };
        var i2 = new Incident { Title = "Skipped containment", Severity = Severity.Critical, Status = IncidentStatus.InProgress, Phase = IncidentPhase.EradicationAndRecovery, Type = IncidentType.Intrusions, CreatedById = "ben", CreatedAt = T.AddHours(1), UpdatedAt = T };
        db.Incidents.AddRange(i1, i2);
        db.SaveChanges();
        IncidentEvent E(Incident i, DateTimeOffset at, IncidentEventKind kind, string text) => new() { IncidentId = i.Id, At = at, Kind = kind, ActorId = "ana", ActorName = "ana", Text = text };
        db.IncidentEvents.AddRange(
            E(i1, T.AddMinutes(30), IncidentEventKind.PhaseChanged, "Phase: Detection and analysis → Containment"),
            E(i1, T.AddHours(1), IncidentEventKind.PhaseChanged, "Phase: Containment → Eradication and recovery"),
            E(i1, T.AddHours(2), IncidentEventKind.StatusChanged, "Status: In progress → Resolved"),
            E(i1, T.AddHours(5), IncidentEventKind.StatusChanged, "Status: Resolved → Closed"),
            E(i2, T.AddHours(1).AddMinutes(10), IncidentEventKind.PhaseChanged, "Phase: Detection and analysis → Eradication and recovery"),
            E(i2, T.AddHours(1).AddMinutes(20), IncidentEventKind.Note, "→ Containment is only a word here"));
        db.AuditRecords.AddRange(
            new AuditRecord { At = T, ActorId = "ana", Action = "incident.create", Target = "incident:" + i1.Id },
            new AuditRecord { At = T.AddHours(1), ActorId = "ana", Action = "incident.update", Target = "incident:" + i1.Id },
            new AuditRecord { At = T.AddHours(1), ActorId = "ana", Action = "alert.acknowledge", Target = "alert:" + a1.Id });
        db.SaveChanges();
    }

    [Fact]
    public async Task Snapshot_ComputesEveryFigureOfTheSeededPeriod()
    {
        Seed();

        var report = (await _app.Get<ComplianceQueries>().LoadAsync(Actor.System, Range, CancellationToken.None)).Current;

        // The store hands alert durations back as the middles of their DurationBuckets (exact below 64 s, within 1.6%
        // above): 120 s reads back as 121, 300 as 300, 900 as 904, 1200 as 1200, 1800 as 1808, 7200 as 7232.
        // MTTD over a1..a4 (a5 suppressed, a6 outside): 120, 60, 10, 0 s -> median 35, p90 120 (121 read back).
        Assert.Equal(new DurationStats(4, TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(121)), report.Detect.All);
        Assert.Equal(new DurationStats(2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)), report.Detect.BySeverity[Severity.Critical]);
        // MTTA: 300, 900, 1200 s -> median 900 (904), p90 1200; high 300, 900 -> median 600 ((300 + 904) / 2 = 602).
        Assert.Equal(new DurationStats(3, TimeSpan.FromSeconds(904), TimeSpan.FromSeconds(1200)), report.Acknowledge.All);
        Assert.Equal(TimeSpan.FromSeconds(602), report.Acknowledge.BySeverity[Severity.High].Median);
        // MTTC: only i1 (30 min, 1,808 s read back); i2 skipped containment, and a note that mentions it is not a phase change.
        Assert.Equal(new DurationStats(1, TimeSpan.FromSeconds(1_808), TimeSpan.FromSeconds(1_808)), report.Contain.All);
        // MTTR: i1's first resolution after 2 h (7,232 s read back); i2 is still open.
        Assert.Equal(new DurationStats(1, TimeSpan.FromSeconds(7_232), TimeSpan.FromSeconds(7_232)), report.Resolve.All);
        // Acknowledge SLA: high a1, a2 in time; critical a3 late (20 min > 15), a4 never acknowledged and overdue.
        Assert.Equal(new SlaCounts(2, 2, 0), report.AcknowledgeSla.All);
        Assert.Equal(new SlaCounts(0, 2, 0), report.AcknowledgeSla.BySeverity[Severity.Critical]);
        // Resolve SLA: a1, a2 closed in time; a3, a4 open past the 4 h critical target.
        Assert.Equal(new SlaCounts(2, 2, 0), report.ResolveSla.All);
        // Backlog now: a3, a4 and the ten-day-old a6 (older than 7 days).
        Assert.Equal(3, report.Backlog.Total);
        Assert.Equal(1, report.Backlog.InBand(4));
        // Volume and quality: a1, a2, a5 of the WAF rule (one suppressed, one false positive of two closed), a3, a4 of EDR.
        Assert.Equal(5, report.Alerts);
        Assert.Equal(1, report.Suppressed);
        Assert.Equal(0.5, report.FalsePositiveRate);
        var waf = report.Rules.Single(r => r.RuleId == "waf-sqli-942100");
        Assert.Equal(new RuleQuality("waf-sqli-942100", "WAF: SQL injection attempt", 3, 2, 1, 1), waf);
        Assert.Equal([new KeyCount("waf", 3), new KeyCount("edr", 2)], report.BySource);
        Assert.Equal([new KeyCount("Execution", 2), new KeyCount("Initial Access", 2)], report.ByTactic);
        Assert.Equal(3, report.ByOwasp.Single(c => c.Key.StartsWith("A03:2021", StringComparison.Ordinal)).Count);
        var day = ComplianceMetrics.DayNumber(Yesterday);
        Assert.Equal([new DaySeverityCount(day, Severity.Critical, 2), new DaySeverityCount(day, Severity.High, 2)], report.Days.OrderByDescending(d => d.Severity));
        Assert.Equal([2L, 2L], report.TacticDays.Where(t => t.Day == day).OrderBy(t => t.Tactic).Select(t => t.Count));
        Assert.Equal([new AnalystCounts("ana", 1, 1, 0), new AnalystCounts("ben", 1, 0, 1)], report.Analysts);
        Assert.Equal([0L, 4L], report.Trend.Select(t => t.Alerts));
    }

    [Fact]
    public async Task Snapshot_PreviousPeriodIsTheSameLengthBefore_AndEmpty()
    {
        Seed();

        var snapshot = await _app.Get<ComplianceQueries>().LoadAsync(Actor.System, Range, CancellationToken.None);

        Assert.Equal(snapshot.Current.Period.From, snapshot.Previous.Period.To);
        Assert.Equal(snapshot.Current.Period.Length, snapshot.Previous.Period.Length);
        Assert.Equal(0, snapshot.Previous.Alerts);
        Assert.Equal(DurationStats.Empty, snapshot.Previous.Acknowledge.All);
    }

    [Fact]
    public async Task FrameworkEvidence_EachControlFindsExactlyItsRecords()
    {
        Seed();
        var evidence = _app.Get<FrameworkEvidence>();
        var period = Range.Resolve(DateTimeOffset.UtcNow);

        var soc2 = (await evidence.LoadAsync(Actor.System, "soc-2", period, CancellationToken.None))!;
        var owasp = (await evidence.LoadAsync(Actor.System, "owasp-top-10", period, CancellationToken.None))!;
        var gdpr = (await evidence.LoadAsync(Actor.System, "gdpr", period, CancellationToken.None))!;
        var nist = (await evidence.LoadAsync(Actor.System, "nist-csf-2", period, CancellationToken.None))!;
        var iso = (await evidence.LoadAsync(Actor.System, "iso-27001", period, CancellationToken.None))!;

        FrameworkEvidence.SelectorResult Of(FrameworkEvidence.FrameworkResult f, string control, string label) =>
            f.Controls.Single(c => c.Control.Id == control).Evidence.Single(e => e.Selector.Label == label);
        Assert.Equal(2, Of(soc2, "CC7.3", "Alerts closed with a reason").Count);
        Assert.Equal(["WAF: SQL injection attempt", "WAF: SQL injection attempt"], Of(soc2, "CC7.3", "Alerts closed with a reason").Items.Select(i => i.Title));
        Assert.Equal(["Contained and resolved"], Of(soc2, "CC7.5", "Resolved or closed").Items.Select(i => i.Title));
        Assert.Equal(2, Of(soc2, "CC7.4", "Incidents").Count);
        Assert.Equal(3, Of(owasp, "A03:2021", "Alerts seen").Count);
        Assert.Equal(2, Of(owasp, "A03:2021", "Handled (closed)").Count);
        Assert.Equal(0, Of(owasp, "A07:2021", "Alerts seen").Count);
        Assert.Equal(["Skipped containment"], Of(gdpr, "Candidates", "Candidate breaches (information content security, intrusions)").Items.Select(i => i.Title));
        Assert.Equal(0, Of(gdpr, "Candidates", "Data exfiltration alerts").Count);
        Assert.Equal(2, Of(nist, "RS.MA", "Incident actions").Count);
        Assert.Equal(2, Of(nist, "RS.MI", "Incidents in or past containment").Count);
        Assert.Equal(1, Of(iso, "5.27", "Incidents in post-incident review").Count);
        Assert.Equal("/incidents/", Of(iso, "5.27", "Incidents in post-incident review").Items[0].Href![..11]);
        Assert.Null(await evidence.LoadAsync(Actor.System, "no-such-framework", period, CancellationToken.None));
    }

    [Fact]
    public async Task FrameworkEvidence_ARestrictedIncidentCountsForEveryone_ButIsListedOnlyToItsMembers()
    {
        Seed();
        using (var db = TestStore.Open(_app.DataDirectory))
        {
            var restricted = db.Incidents.Single(i => i.Title == "Skipped containment");
            restricted.Restricted = true;
            db.IncidentMembers.Add(new IncidentMember { IncidentId = restricted.Id, UserId = "ma-member", UserName = "On the incident" });
            db.SaveChanges();
        }
        var permissions = PermissionTable.ForRole(Roles.Manager).ToHashSet();
        var outsider = new Actor("ma-outsider", "Outsider", permissions);
        var member = new Actor("ma-member", "On the incident", permissions);
        var period = Range.Resolve(DateTimeOffset.UtcNow);

        FrameworkEvidence.SelectorResult Incidents(FrameworkEvidence.FrameworkResult f) =>
            f.Controls.Single(c => c.Control.Id == "CC7.4").Evidence.Single(e => e.Selector.Label == "Incidents");
        var seenByOutsider = Incidents((await _app.Get<FrameworkEvidence>().LoadAsync(outsider, "soc-2", period, CancellationToken.None))!);
        var seenByMember = Incidents((await _app.Get<FrameworkEvidence>().LoadAsync(member, "soc-2", period, CancellationToken.None))!);

        Assert.Equal((2L, 1L), (seenByOutsider.Count, seenByOutsider.NotShown));
        Assert.Equal(["Contained and resolved"], seenByOutsider.Items.Select(i => i.Title));
        Assert.Equal((2L, 0L), (seenByMember.Count, seenByMember.NotShown));
        Assert.Equal(["Skipped containment", "Contained and resolved"], seenByMember.Items.Select(i => i.Title));
    }

    [Fact]
    public async Task Reading_NeedsMetricsRead_AnalystIsRefusedAndAudited()
    {
        var analyst = new Actor("an-1", "Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        var manager = new Actor("ma-1", "Manager", PermissionTable.ForRole(Roles.Manager).ToHashSet());

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<ComplianceQueries>().LoadAsync(analyst, Range, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<FrameworkEvidence>().LoadAsync(analyst, "soc-2", Range.Resolve(DateTimeOffset.UtcNow), CancellationToken.None));
        var snapshot = await _app.Get<ComplianceQueries>().LoadAsync(manager, Range, CancellationToken.None);

        Assert.Equal(0, snapshot.Current.Alerts);
        using var db = TestStore.Open(_app.DataDirectory);
        Assert.Equal(2, db.AuditRecords.Count(r => r.ActorId == "an-1" && r.Outcome == AuditOutcome.Refused && r.Action.StartsWith("compliance.")));
        // A manager triages nothing: the triage service refuses them too.
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<AlertTriage>().AcknowledgeAsync(manager, 1, CancellationToken.None));
    }

    [Fact]
    public async Task LiveSnapshot_ChangesWhenAnAlertIsAcknowledgedElsewhere()
    {
        var arrivals = new Arrivals<ComplianceQueries.Snapshot>();
        var today = new ComplianceRange(1, null, null);
        await Documents.PostAsync(_app.Client(), Documents.Alert(severity: "high"));
        using var watch = await _app.Get<ComplianceQueries>().WatchAsync(Actor.System, today, arrivals.Add, CancellationToken.None);
        var first = await watch.FirstAsync();
        Assert.Equal(0, first.Current.Acknowledge.All.Count);
        using var db = TestStore.Open(_app.DataDirectory);
        var id = db.Alerts.Single(a => a.AlertTime >= first.Current.Period.From).Id;

        var outcome = await _app.Get<AlertTriage>().AcknowledgeAsync(Actor.System, id, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        await arrivals.WaitUntilAsync(s => s.Any(x => x.Current.Acknowledge.All.Count == 1), "a snapshot with the acknowledgement");
    }
}
