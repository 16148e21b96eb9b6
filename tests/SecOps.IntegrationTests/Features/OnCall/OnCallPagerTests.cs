using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.OnCall;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.OnCall;

/// <summary>
/// Issue #10, point 9: paging the person on duty, against a real SMTP server on loopback and a fake clock. A critical
/// alert pages whoever the rota has on duty once, its rule name encoded in the mail; a page nobody acknowledges goes to
/// the next person in the chain, then the next, then stops; acknowledging the page (only its person may) or triaging the
/// alert stops the escalation; an incident past its acknowledge target pages (a restricted one without its title); two
/// instances on one store, and a restart, page once; a page the mail server refused is retried; after a hand-over the
/// new person is paged. Rounds come from the test (the interval is an hour, more than any test moves the clock); the
/// first test proves that a new critical alert wakes the pager by itself.
/// </summary>
public sealed class OnCallPagerTests : IAsyncDisposable
{
    private const string Ana = "ana@oncall.test";
    private const string Bo = "bo@oncall.test";
    private const string Lead = "lead@oncall.test";
    private const string Head = "head@oncall.test";
    private const string Password = "correct horse battery staple";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Monday 2026-12-07 10:00 UTC: the rota (UTC, hand-overs 08:00 and 20:00 from 2026-12-01, Ana first) has Ana on duty until 20:00, then Bo.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
    private readonly SmtpReceiver _smtp = SmtpReceiver.Start();
    private readonly List<SecOpsApp> _apps = [];

    /// <summary>An extra team (UTC, one hand-over a day) with one person always on duty.</summary>
    private static Dictionary<string, string?> OneOnDuty(int index, string team, string person) => new()
    {
        [$"SecOps:OnCall:Teams:{index}:Name"] = team,
        [$"SecOps:OnCall:Teams:{index}:TimeZone"] = "UTC",
        [$"SecOps:OnCall:Teams:{index}:Start"] = "2026-12-01",
        [$"SecOps:OnCall:Teams:{index}:HandOvers:0"] = "08:00",
        [$"SecOps:OnCall:Teams:{index}:People:0"] = person,
    };

    private SecOpsApp Start(string? dataDirectory = null, bool keepStore = false, int? smtpPort = null, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SecOps:Automation:Smtp:Host"] = "127.0.0.1",
            ["SecOps:Automation:Smtp:Port"] = (smtpPort ?? _smtp.Port).ToString(),
            ["SecOps:Automation:Smtp:Security"] = "None",
            ["SecOps:Automation:Smtp:From"] = "secops@example.test",
            ["SecOps:Automation:Smtp:Timeout"] = "00:00:05",
            ["SecOps:OnCall:Teams:0:Name"] = "soc",
            ["SecOps:OnCall:Teams:0:TimeZone"] = "UTC",
            ["SecOps:OnCall:Teams:0:Start"] = "2026-12-01",
            ["SecOps:OnCall:Teams:0:HandOvers:0"] = "08:00",
            ["SecOps:OnCall:Teams:0:HandOvers:1"] = "20:00",
            ["SecOps:OnCall:Teams:0:People:0"] = Ana,
            ["SecOps:OnCall:Teams:0:People:1"] = Bo,
            ["SecOps:OnCall:Teams:0:Escalation:0"] = Lead,
            ["SecOps:OnCall:Teams:0:Escalation:1"] = Head,
            ["SecOps:OnCall:Paging:Team"] = "soc",
            ["SecOps:OnCall:Paging:Interval"] = "01:00:00",
            ["SecOps:OnCall:Paging:AcknowledgeWithin"] = "00:15:00",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var app = new SecOpsApp(settings, dataDirectory, _time, keepStore);
        _apps.Add(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            app.Dispose();
        }
        await _smtp.DisposeAsync();
    }

    private static long SeedAlert(SecOpsApp app, string rule, Severity severity, DateTimeOffset at, string source = "edr")
    {
        using var db = TestStore.Open(app.DataDirectory);
        var alert = new Alert
        {
            DocumentId = Guid.NewGuid().ToString("N"), Severity = severity, EventTime = at, AlertTime = at, IngestedAt = at, UpdatedAt = at,
            RuleName = rule, Source = source, Fingerprint = Guid.NewGuid().ToString("N"),
        };
        db.Alerts.Add(alert);
        db.SaveChanges();
        return alert.Id;
    }

    private static async Task<List<DutyPage>> PagesAsync(SecOpsApp app)
    {
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.OnCallPages.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
    }

    private static async Task<List<AuditRecord>> AuditAsync(SecOpsApp app, string prefix) =>
        [.. (await app.Get<AuditTrail>().ListAsync(Actor.System, 500, CancellationToken.None)).Where(r => r.Action.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(r => r.Id)];

    private static async Task<Actor> PersonAsync(SecOpsApp app, string email)
    {
        var user = await AccountClient.CreateUserAsync(app, email, Password, Roles.Analyst);
        return new Actor(user.Id, email, PermissionTable.ForRole(Roles.Analyst).ToHashSet());
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, "timed out waiting for " + what);
            await Task.Delay(20);
        }
    }

    private IReadOnlyList<string> Recipients() => [.. _smtp.Messages.Snapshot().Select(m => string.Join(",", m.To.Mailboxes.Select(a => a.Address)))];

    private async Task MailsAsync(int count, string what) => await _smtp.Messages.WaitUntilAsync(m => m.Count >= count, what);

    [Fact]
    public async Task CriticalAlert_PagesThePersonOnDutyOnce_WithTheRuleNameEncoded()
    {
        var app = Start();
        const string rule = "<img src=x onerror=alert(1)> Ransomware *everyone*";
        await Documents.PostAsync(app.Client(), Documents.Alert(rule: rule, severity: "critical", at: _time.GetUtcNow()));

        // Nobody runs a round: the new critical alert wakes the pager.
        await MailsAsync(1, "the page");
        var again = await app.Get<OnCallPager>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(new OnCallPager.Round(0, 0, 0), again);
        var mail = Assert.Single(_smtp.Messages.Snapshot());
        Assert.Equal([Ana], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal($"[SecOps] Page (critical alert): {rule}", mail.Subject);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; Ransomware *everyone*", mail.HtmlBody);
        Assert.DoesNotContain("<img", mail.HtmlBody);
        Assert.Contains(rule, WebUtility.HtmlDecode(mail.HtmlBody));
        Assert.Contains("Rule: " + rule, mail.TextBody);
        var page = Assert.Single(await PagesAsync(app));
        Assert.Equal((PageSubject.Alert, PageReason.CriticalAlert, "soc", 0, Ana), (page.Subject, page.Reason, page.Team, page.Level, page.Person));
        Assert.Null(page.AcknowledgedAt);
        // The record follows the sending, on the pager's own round.
        await EventuallyAsync(async () => (await AuditAsync(app, "oncall.")).Count == 1, "the page's audit record");
        var audited = Assert.Single(await AuditAsync(app, "oncall."));
        Assert.Equal((PageDelivery.PageAction, "alert:" + page.SubjectId, AuditOutcome.Success), (audited.Action, audited.Target, audited.Outcome));
        Assert.Contains($"paged {Ana} (team soc, level 0: on duty); email sent", audited.Details);
    }

    [Fact]
    public async Task PageNobodyAcknowledges_GoesToTheFirstEscalationPerson_ThenTheNext_ThenStops()
    {
        var app = Start();
        var pager = app.Get<OnCallPager>();
        var alert = SeedAlert(app, "Data exfiltration", Severity.Critical, _time.GetUtcNow());
        await pager.RunOnceAsync(CancellationToken.None);
        await MailsAsync(1, "the page to the person on duty");

        _time.Advance(Window - TimeSpan.FromMinutes(1));
        Assert.Equal(new OnCallPager.Round(0, 0, 0), await pager.RunOnceAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new OnCallPager.Round(0, 1, 0), await pager.RunOnceAsync(CancellationToken.None));
        await MailsAsync(2, "the first escalation");
        _time.Advance(Window);
        Assert.Equal(new OnCallPager.Round(0, 1, 0), await pager.RunOnceAsync(CancellationToken.None));
        await MailsAsync(3, "the second escalation");
        _time.Advance(Window);
        Assert.Equal(new OnCallPager.Round(0, 0, 0), await pager.RunOnceAsync(CancellationToken.None));

        Assert.Equal([Ana, Lead, Head], Recipients());
        Assert.Equal([(0, Ana), (1, Lead), (2, Head)], (await PagesAsync(app)).Select(p => (p.Level, p.Person)));
        Assert.All(_smtp.Messages.Snapshot(), m => Assert.Equal("[SecOps] Page (critical alert): Data exfiltration", m.Subject));
        Assert.Contains("Escalation level: 2", _smtp.Messages.Snapshot()[2].TextBody);
        var escalations = (await AuditAsync(app, "oncall.")).Where(r => r.Action == PageDelivery.EscalateAction).ToList();
        Assert.Equal(["alert:" + alert, "alert:" + alert], escalations.Select(r => r.Target));
        Assert.Contains($"paged {Lead} (team soc, level 1: nobody acknowledged within 00:15:00)", escalations[0].Details);
    }

    [Fact]
    public async Task AcknowledgingThePage_StopsTheEscalation_AndOnlyThePersonPagedMayAcknowledgeIt()
    {
        var app = Start();
        var pager = app.Get<OnCallPager>();
        var ana = await PersonAsync(app, Ana);
        var bo = await PersonAsync(app, Bo);
        SeedAlert(app, "Privileged role granted", Severity.Critical, _time.GetUtcNow());
        await pager.RunOnceAsync(CancellationToken.None);
        await MailsAsync(1, "the page");
        var pages = app.Get<DutyPages>();
        var mine = Assert.Single((await pages.ReadAsync(ana, CancellationToken.None)).Mine);
        Assert.Empty((await pages.ReadAsync(bo, CancellationToken.None)).Mine);

        var refused = await pages.AcknowledgeAsync(bo, mine.Id, CancellationToken.None);
        var acknowledged = await pages.AcknowledgeAsync(ana, mine.Id, CancellationToken.None);
        var twice = await pages.AcknowledgeAsync(ana, mine.Id, CancellationToken.None);
        _time.Advance(Window * 3);
        var round = await pager.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new DutyPages.Outcome(false, "Only the person paged may acknowledge this page."), refused);
        Assert.Equal(new DutyPages.Outcome(true, null), acknowledged);
        Assert.False(twice.Succeeded);
        Assert.Equal(new OnCallPager.Round(0, 0, 0), round);
        Assert.Equal([Ana], Recipients());
        var page = Assert.Single(await PagesAsync(app));
        Assert.Equal((ana.Id, Ana), (page.AcknowledgedById, page.AcknowledgedBy));
        Assert.Empty((await pages.ReadAsync(ana, CancellationToken.None)).Open);
        var audit = (await AuditAsync(app, OnCallPager.AcknowledgeAction)).Select(r => (r.ActorId, r.Outcome)).ToList();
        Assert.Equal([(bo.Id, AuditOutcome.Refused), (ana.Id, AuditOutcome.Success)], audit);
    }

    private static readonly Dictionary<string, string?> WithLinks = new()
    {
        ["SecOps:OnCall:Paging:AcknowledgeLinkBase"] = "https://secops.example.test/",
        ["SecOps:OnCall:Paging:AcknowledgeLinkLifetime"] = "00:05:00",
    };

    /// <summary>The token of the acknowledge link in a page mail's text part, as the person paged would follow it.</summary>
    private static string LinkToken(MimeKit.MimeMessage mail)
    {
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https://secops\.example\.test/on-call/acknowledge\?token=([A-Za-z0-9_-]+)");
        Assert.True(link.Success, mail.TextBody);
        // The HTML part carries the same link, encoded as every value is.
        Assert.Contains(link.Value, WebUtility.HtmlDecode(mail.HtmlBody));
        return link.Groups[1].Value;
    }

    [Fact]
    public async Task TheMailsLink_AcknowledgesThePageForThePersonPagedOnce_NotForSomeoneElse_AndStaysOutOfTheAuditTrail()
    {
        var app = Start(more: WithLinks);
        var pager = app.Get<OnCallPager>();
        var ana = await PersonAsync(app, Ana);
        var bo = await PersonAsync(app, Bo);
        SeedAlert(app, "Privileged role granted", Severity.Critical, _time.GetUtcNow());
        await pager.RunOnceAsync(CancellationToken.None);
        await MailsAsync(1, "the page");
        var token = LinkToken(_smtp.Messages.Snapshot()[0]);
        var pages = app.Get<DutyPages>();

        var someoneElse = await pages.AcknowledgeWithLinkAsync(bo, token, CancellationToken.None);
        var stillOpen = Assert.Single(await PagesAsync(app)).AcknowledgedAt;
        var acknowledged = await pages.AcknowledgeWithLinkAsync(ana, token, CancellationToken.None);
        var reused = await pages.AcknowledgeWithLinkAsync(ana, token, CancellationToken.None);
        _time.Advance(Window * 3);
        var round = await pager.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new DutyPages.Outcome(false, "Only the person paged may acknowledge this page."), someoneElse);
        Assert.Null(stillOpen);
        Assert.Equal(new DutyPages.Outcome(true, null), acknowledged);
        Assert.Equal(new DutyPages.Outcome(false, "This page was acknowledged already."), reused);
        Assert.Equal(new OnCallPager.Round(0, 0, 0), round);
        var page = Assert.Single(await PagesAsync(app));
        Assert.Equal((ana.Id, Ana), (page.AcknowledgedById, page.AcknowledgedBy));
        var audit = await AuditAsync(app, OnCallPager.AcknowledgeAction);
        Assert.Equal([(bo.Id, AuditOutcome.Refused), (ana.Id, AuditOutcome.Success)], audit.Select(r => (r.ActorId, r.Outcome)));
        Assert.Equal("the page went to someone else with the mail's link", audit[0].Details);
        Assert.Contains("(ana@oncall.test, team soc) with the mail's link; escalation stopped", audit[1].Details);
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var records = await db.AuditRecords.AsNoTracking().ToListAsync();
        Assert.DoesNotContain(records, r => (r.Target + r.Details).Contains(token[..40], StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExpiredOrAlteredLink_IsRefused_AndThePageKeepsEscalating()
    {
        var app = Start(more: WithLinks);
        var pager = app.Get<OnCallPager>();
        var ana = await PersonAsync(app, Ana);
        SeedAlert(app, "Privileged role granted", Severity.Critical, _time.GetUtcNow());
        await pager.RunOnceAsync(CancellationToken.None);
        await MailsAsync(1, "the page");
        var token = LinkToken(_smtp.Messages.Snapshot()[0]);
        var pages = app.Get<DutyPages>();
        var altered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];

        var notOurs = await pages.AcknowledgeWithLinkAsync(ana, altered, CancellationToken.None);
        // The link's lifetime (5 minutes) ends well before the page's acknowledge window (15) and the pager's own round (an hour).
        _time.Advance(TimeSpan.FromMinutes(5));
        var expired = await pages.AcknowledgeWithLinkAsync(ana, token, CancellationToken.None);
        _time.Advance(Window);
        var round = await pager.RunOnceAsync(CancellationToken.None);
        await MailsAsync(2, "the escalation");

        Assert.Equal(new DutyPages.Outcome(false, "This link is not valid. Acknowledge the page under Your pages on the On call page."), notOurs);
        Assert.Equal(new DutyPages.Outcome(false, "This link has expired. Acknowledge the page under Your pages on the On call page."), expired);
        Assert.Equal(new OnCallPager.Round(0, 1, 0), round);
        Assert.All(await PagesAsync(app), p => Assert.Null(p.AcknowledgedAt));
        var first = Assert.Single(await PagesAsync(app), p => p.Level == 0);
        var audit = await AuditAsync(app, OnCallPager.AcknowledgeAction);
        Assert.Equal([("oncall-page", "the mail's link is not valid"), ("oncall-page:" + first.Id, "the mail's link has expired")],
            audit.Select(r => (r.Target, r.Details)));
        Assert.All(audit, r => Assert.Equal((ana.Id, AuditOutcome.Refused), (r.ActorId, r.Outcome)));
        // The escalation's mail carries its own link, for its own page.
        Assert.NotEqual(token, LinkToken(_smtp.Messages.Snapshot()[1]));
    }

    [Fact]
    public async Task TriagingTheAlert_AcknowledgesItsPage_AndStopsTheEscalation()
    {
        var app = Start();
        var pager = app.Get<OnCallPager>();
        var bo = await PersonAsync(app, Bo);
        var alert = SeedAlert(app, "Impossible travel", Severity.Critical, _time.GetUtcNow());
        await pager.RunOnceAsync(CancellationToken.None);
        await MailsAsync(1, "the page");

        // Someone other than the person paged takes the alert on in triage.
        Assert.True((await app.Get<AlertTriage>().ApplyAsync(bo, alert, TriageAction.Acknowledge, null, null, CancellationToken.None)).Succeeded);
        _time.Advance(Window);
        var round = await pager.RunOnceAsync(CancellationToken.None);
        _time.Advance(Window);
        var later = await pager.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new OnCallPager.Round(0, 0, 1), round);
        Assert.Equal(new OnCallPager.Round(0, 0, 0), later);
        Assert.Equal([Ana], Recipients());
        var page = Assert.Single(await PagesAsync(app));
        Assert.Equal("the alert is acknowledged", page.AcknowledgedBy);
        Assert.Null(page.AcknowledgedById);
        var acknowledged = Assert.Single(await AuditAsync(app, OnCallPager.AcknowledgeAction));
        Assert.Equal(("alert:" + alert, "critical alert: acknowledged in the app (the alert is acknowledged); escalation stopped"), (acknowledged.Target, acknowledged.Details));
    }

    [Fact]
    public async Task IncidentPastItsAcknowledgeTarget_Pages_ARestrictedOneWithoutItsTitle()
    {
        var app = Start();
        var now = _time.GetUtcNow();
        long open, restricted, handled;
        using (var db = TestStore.Open(app.DataDirectory))
        {
            // High: acknowledge within an hour (the default SLA).
            var incidents = new[]
            {
                new Incident { Title = "<b>Payroll</b> export", Severity = Severity.High, Status = IncidentStatus.Open, CreatedById = "system", CreatedAt = now.AddMinutes(-61), UpdatedAt = now },
                new Incident { Title = "HR case: named employee", Severity = Severity.High, Status = IncidentStatus.Open, Restricted = true, CreatedById = "system", CreatedAt = now.AddMinutes(-90), UpdatedAt = now },
                new Incident { Title = "Taken on already", Severity = Severity.High, Status = IncidentStatus.InProgress, CreatedById = "system", CreatedAt = now.AddMinutes(-90), UpdatedAt = now },
                new Incident { Title = "Not yet due", Severity = Severity.High, Status = IncidentStatus.Open, CreatedById = "system", CreatedAt = now.AddMinutes(-59), UpdatedAt = now },
            };
            db.Incidents.AddRange(incidents);
            db.SaveChanges();
            (open, restricted, handled) = (incidents[0].Id, incidents[1].Id, incidents[2].Id);
        }

        var round = await app.Get<OnCallPager>().RunOnceAsync(CancellationToken.None);
        await MailsAsync(2, "two pages");

        Assert.Equal(2, round.Paged);
        Assert.Equal([(PageSubject.Incident, open, PageReason.IncidentSlaBreached), (PageSubject.Incident, restricted, PageReason.IncidentSlaBreached)],
            (await PagesAsync(app)).Select(p => (p.Subject, p.SubjectId, p.Reason)).Order());
        var mails = _smtp.Messages.Snapshot();
        var plain = Assert.Single(mails, m => m.Subject!.Contains($"incident {open}", StringComparison.Ordinal));
        Assert.Equal($"[SecOps] Page (incident SLA breached): high incident {open}: <b>Payroll</b> export", plain.Subject);
        Assert.Contains("&lt;b&gt;Payroll&lt;/b&gt; export", plain.HtmlBody);
        var secret = Assert.Single(mails, m => m.Subject!.Contains($"incident {restricted}", StringComparison.Ordinal));
        Assert.Equal($"[SecOps] Page (incident SLA breached): high incident {restricted}", secret.Subject);
        Assert.DoesNotContain("HR case", secret.TextBody + secret.HtmlBody);
        Assert.All(mails, m => Assert.Equal([Ana], m.To.Mailboxes.Select(a => a.Address)));
        Assert.DoesNotContain(await PagesAsync(app), p => p.SubjectId == handled);
    }

    [Fact]
    public async Task TakenOnButNotClosedByTheResolveTarget_PagesOnce_AndClosingAcknowledgesThePage()
    {
        var app = Start();
        var pager = app.Get<OnCallPager>();
        var bo = await PersonAsync(app, Bo);
        // Critical: resolve within 4 hours (the default SLA), counted from the alert's time and the incident's creation.
        // Both alerts were raised 4 h 1 min ago and are taken on now (the clock does not move: rounds come from the test).
        var raised = _time.GetUtcNow() - TimeSpan.FromHours(4) - TimeSpan.FromMinutes(1);
        var late = SeedAlert(app, "Beacon to known C2", Severity.Critical, raised);
        var closed = SeedAlert(app, "Closed in time", Severity.Critical, raised);
        var triage = app.Get<AlertTriage>();
        foreach (var alert in new[] { late, closed })
        {
            Assert.True((await triage.ApplyAsync(bo, alert, TriageAction.Acknowledge, null, null, CancellationToken.None)).Succeeded);
        }
        Assert.True((await triage.ApplyAsync(bo, closed, TriageAction.Close, CloseReason.TruePositive, null, CancellationToken.None)).Succeeded);
        long incident;
        using (var db = TestStore.Open(app.DataDirectory))
        {
            var taken = new Incident { Title = "Ransomware <i>staging</i>", Severity = Severity.Critical, Status = IncidentStatus.InProgress, CreatedById = "system", CreatedAt = raised, UpdatedAt = raised };
            db.Incidents.Add(taken);
            db.SaveChanges();
            incident = taken.Id;
        }

        var round = await pager.RunOnceAsync(CancellationToken.None);
        await MailsAsync(2, "the two resolve pages");
        var again = await pager.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, round.Paged);
        Assert.Equal(0, again.Paged);
        Assert.Equal([(PageSubject.Alert, late, PageReason.AlertResolveBreached), (PageSubject.Incident, incident, PageReason.IncidentResolveBreached)],
            (await PagesAsync(app)).Select(p => (p.Subject, p.SubjectId, p.Reason)).Order());
        var mails = _smtp.Messages.Snapshot();
        Assert.Contains(mails, m => m.Subject == "[SecOps] Page (alert resolve target breached): critical alert: Beacon to known C2");
        var incidentMail = Assert.Single(mails, m => m.Subject == $"[SecOps] Page (incident resolve target breached): critical incident {incident}: Ransomware <i>staging</i>");
        Assert.Contains("Acknowledge: on the On call page (/on-call) of SecOps, or by closing the incident in the app", incidentMail.TextBody);
        Assert.DoesNotContain("<i>staging", incidentMail.HtmlBody);

        // Closing the alert acknowledges its page; the incident, still in progress, stays paged.
        Assert.True((await triage.ApplyAsync(bo, late, TriageAction.Close, CloseReason.TruePositive, null, CancellationToken.None)).Succeeded);
        var afterClose = await pager.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, afterClose.Acknowledged);
        var pages = await PagesAsync(app);
        Assert.Equal("the alert is closed", pages.Single(p => p.Subject == PageSubject.Alert).AcknowledgedBy);
        Assert.Null(pages.Single(p => p.Subject == PageSubject.Incident).AcknowledgedAt);
    }

    [Fact]
    public async Task Routes_PageTheCloudTeamForItsSourceAndItsIncidents_AndTheDefaultTeamForTheRest()
    {
        const string cy = "cy@oncall.test";
        var app = Start(more: new Dictionary<string, string?>(OneOnDuty(1, "cloud", cy))
        {
            ["SecOps:OnCall:Paging:Routes:0:Team"] = "cloud",
            ["SecOps:OnCall:Paging:Routes:0:Sources:0"] = "AWS-GuardDuty",
            ["SecOps:OnCall:Paging:Routes:0:IncidentTeams:0"] = "Cloud SOC",
        });
        var now = _time.GetUtcNow();
        var cloudAlert = SeedAlert(app, "Root login without MFA", Severity.Critical, now, source: "aws-guardduty");
        var edrAlert = SeedAlert(app, "Ransomware", Severity.Critical, now);
        long cloudIncident, otherIncident;
        using (var db = TestStore.Open(app.DataDirectory))
        {
            var team = new SecOps.Web.Features.Teams.Team { Name = "Cloud SOC", CreatedAt = now };
            db.Teams.Add(team);
            db.SaveChanges();
            var incidents = new[]
            {
                new Incident { Title = "S3 bucket public", Severity = Severity.High, Status = IncidentStatus.Open, TeamId = team.Id, CreatedById = "system", CreatedAt = now.AddMinutes(-61), UpdatedAt = now },
                new Incident { Title = "Phishing wave", Severity = Severity.High, Status = IncidentStatus.Open, CreatedById = "system", CreatedAt = now.AddMinutes(-61), UpdatedAt = now },
            };
            db.Incidents.AddRange(incidents);
            db.SaveChanges();
            (cloudIncident, otherIncident) = (incidents[0].Id, incidents[1].Id);
        }

        var round = await app.Get<OnCallPager>().RunOnceAsync(CancellationToken.None);
        await MailsAsync(4, "four pages");

        Assert.Equal(4, round.Paged);
        Assert.Equal(
            [(PageSubject.Alert, cloudAlert, "cloud", cy), (PageSubject.Alert, edrAlert, "soc", Ana),
             (PageSubject.Incident, cloudIncident, "cloud", cy), (PageSubject.Incident, otherIncident, "soc", Ana)],
            (await PagesAsync(app)).Select(p => (p.Subject, p.SubjectId, p.Team, p.Person)).Order());
        Assert.Equal(2, Recipients().Count(r => r == cy));
        Assert.Equal(2, Recipients().Count(r => r == Ana));
    }

    [Fact]
    public async Task RoutesByRuleAndSeverity_PageTheirTeams_FirstMatchFirst_AndTheDefaultTeamForTheRest()
    {
        const string wes = "wes@oncall.test";
        const string cy = "cy@oncall.test";
        var app = Start(more: new Dictionary<string, string?>(OneOnDuty(1, "web", wes).Concat(OneOnDuty(2, "triage-leads", cy)))
        {
            // Rules are about alerts only; severities alone are about alerts and incidents.
            ["SecOps:OnCall:Paging:Routes:0:Team"] = "web",
            ["SecOps:OnCall:Paging:Routes:0:Rules:0"] = "*sql injection*",
            ["SecOps:OnCall:Paging:Routes:0:Rules:1"] = "XSS*",
            ["SecOps:OnCall:Paging:Routes:1:Team"] = "triage-leads",
            ["SecOps:OnCall:Paging:Routes:1:Severities:0"] = "High",
        });
        var now = _time.GetUtcNow();
        var sqlInjection = SeedAlert(app, "WAF: SQL Injection attempt", Severity.Critical, now);
        var ransomware = SeedAlert(app, "Ransomware note written", Severity.Critical, now);
        // Past their one-hour acknowledge target: the first matches both routes, and the first route wins.
        var xss = SeedAlert(app, "XSS in search parameter", Severity.High, now.AddMinutes(-61));
        var portScan = SeedAlert(app, "Port scan", Severity.High, now.AddMinutes(-61));
        // Past its four-hour target, of a severity no route names.
        var mediumScan = SeedAlert(app, "Port scan", Severity.Medium, now.AddMinutes(-241));
        long highIncident, criticalIncident;
        using (var db = TestStore.Open(app.DataDirectory))
        {
            var incidents = new[]
            {
                new Incident { Title = "Web shell", Severity = Severity.High, Status = IncidentStatus.Open, CreatedById = "system", CreatedAt = now.AddMinutes(-61), UpdatedAt = now },
                new Incident { Title = "Domain admin added", Severity = Severity.Critical, Status = IncidentStatus.Open, CreatedById = "system", CreatedAt = now.AddMinutes(-16), UpdatedAt = now },
            };
            db.Incidents.AddRange(incidents);
            db.SaveChanges();
            (highIncident, criticalIncident) = (incidents[0].Id, incidents[1].Id);
        }

        var round = await app.Get<OnCallPager>().RunOnceAsync(CancellationToken.None);
        await MailsAsync(7, "seven pages");

        Assert.Equal(7, round.Paged);
        Assert.Equal(
            [(PageSubject.Alert, sqlInjection, "web", wes), (PageSubject.Alert, ransomware, "soc", Ana), (PageSubject.Alert, xss, "web", wes),
             (PageSubject.Alert, portScan, "triage-leads", cy), (PageSubject.Alert, mediumScan, "soc", Ana),
             (PageSubject.Incident, highIncident, "triage-leads", cy), (PageSubject.Incident, criticalIncident, "soc", Ana)],
            (await PagesAsync(app)).Select(p => (p.Subject, p.SubjectId, p.Team, p.Person)).Order());
        Assert.Equal([(Ana, 3), (cy, 2), (wes, 2)], Recipients().CountBy(r => r).Select(c => (c.Key, c.Value)).Order());
    }

    [Theory]
    [InlineData("Severities:0", "urgent", "SecOps:OnCall:Paging:Routes:0:Severities 'urgent' is not a severity")]
    [InlineData("Rules:0", " ", "SecOps:OnCall:Paging:Routes:0:Rules has an empty pattern")]
    public void RouteWithAnUnknownSeverityOrAnEmptyRulePattern_StopsTheStart(string key, string value, string message)
    {
        var error = Assert.ThrowsAny<Exception>(() => Start(more: new Dictionary<string, string?>
        {
            ["SecOps:OnCall:Paging:Routes:0:Team"] = "soc",
            ["SecOps:OnCall:Paging:Routes:0:" + key] = value,
        }));

        Assert.Contains(message, error.ToString());
    }

    [Fact]
    public async Task TwoInstancesOnOneStore_PageOnce_AndARestartedInstancePagesNothingAgain()
    {
        var first = Start(keepStore: true);
        var second = Start(first.DataDirectory, keepStore: true);
        SeedAlert(first, "Ransomware note written", Severity.Critical, _time.GetUtcNow());

        await Task.WhenAll(first.Get<OnCallPager>().RunOnceAsync(CancellationToken.None), second.Get<OnCallPager>().RunOnceAsync(CancellationToken.None));
        await MailsAsync(1, "the page");
        first.Dispose();
        second.Dispose();
        _apps.Clear();
        var restarted = Start(first.DataDirectory);
        var round = await restarted.Get<OnCallPager>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(new OnCallPager.Round(0, 0, 0), round);
        Assert.Equal([Ana], Recipients());
        Assert.Equal([(0, Ana)], (await PagesAsync(restarted)).Select(p => (p.Level, p.Person)));
        Assert.Single(await AuditAsync(restarted, PageDelivery.PageAction));
    }

    [Fact]
    public async Task MailServerDown_PageIsAuditedAsNotSentOnce_AndSentWhenTheServerIsBack()
    {
        var port = SmtpReceiver.FreePort();
        var app = Start(smtpPort: port);
        var pager = app.Get<OnCallPager>();
        var alert = SeedAlert(app, "Brute force", Severity.Critical, _time.GetUtcNow());
        await pager.RunOnceAsync(CancellationToken.None);
        await pager.RunOnceAsync(CancellationToken.None);
        var failed = Assert.Single(await PagesAsync(app));

        await using var back = SmtpReceiver.Start(port);
        await pager.RunOnceAsync(CancellationToken.None);
        await back.Messages.WaitUntilAsync(m => m.Count >= 1, "the page once the server is back");

        Assert.Null(failed.SentAt);
        Assert.StartsWith("sending failed (", failed.LastFailure);
        Assert.Equal([Ana], back.Messages.Snapshot().Single().To.Mailboxes.Select(m => m.Address));
        var sent = Assert.Single(await PagesAsync(app));
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.LastFailure);
        var audit = (await AuditAsync(app, "oncall.")).Select(r => (r.Action, r.Target, r.Outcome)).ToList();
        Assert.Equal([(PageDelivery.PageAction, "alert:" + alert, AuditOutcome.Failed), (PageDelivery.PageAction, "alert:" + alert, AuditOutcome.Success)], audit);
    }

    [Fact]
    public async Task PageRaisedAfterAHandOver_GoesToTheNewPersonOnDuty()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 19, 50, 0, TimeSpan.Zero));
        var app = Start();
        var pager = app.Get<OnCallPager>();
        var ana = await PersonAsync(app, Ana);
        SeedAlert(app, "Before the hand-over", Severity.Critical, _time.GetUtcNow());
        await pager.RunOnceAsync(CancellationToken.None);
        await MailsAsync(1, "the page before the hand-over");
        var first = Assert.Single((await app.Get<DutyPages>().ReadAsync(ana, CancellationToken.None)).Mine);
        Assert.True((await app.Get<DutyPages>().AcknowledgeAsync(ana, first.Id, CancellationToken.None)).Succeeded);

        _time.Advance(TimeSpan.FromMinutes(15));
        SeedAlert(app, "After the hand-over", Severity.Critical, _time.GetUtcNow());
        var round = await pager.RunOnceAsync(CancellationToken.None);
        await MailsAsync(2, "the page after the hand-over");

        Assert.Equal(new OnCallPager.Round(1, 0, 0), round);
        Assert.Equal([Ana, Bo], Recipients());
        Assert.Equal("[SecOps] Page (critical alert): After the hand-over", _smtp.Messages.Snapshot()[1].Subject);
    }
}
