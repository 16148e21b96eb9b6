using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MiniExcelLibs;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Reports;

namespace SecOps.IntegrationTests.Features.Reports;

/// <summary>
/// Issue #11, scheduled reports, against a real SMTP server on loopback: a manager's due subscription arrives once, with
/// every table attached as CSV and the report as a workbook, hostile values encoded in the body and neutralised in the
/// files; the next sending is scheduled; unsubscribing stops it; a mail server that is down leaves it due; a subscriber
/// who lost the role gets nothing. The clock is a fake one; rounds are run by the delivery's own method, except where the
/// test is that the background service runs them.
/// </summary>
public sealed class ReportDeliveryTests : IAsyncDisposable
{
    private const string ScriptRule = "<script>alert(1)</script>";
    private const string FormulaRule = "=cmd|' /C calc'!A0";
    private const string Email = "manager@reports.test";
    private FakeTimeProvider _time = null!;
    private SmtpReceiver? _smtp;
    private SecOpsApp _app = null!;

    private async Task<Actor> StartAsync(DateTimeOffset now, int? smtpPort = null, string interval = "1.00:00:00")
    {
        _time = new FakeTimeProvider(now);
        _smtp = smtpPort is null ? SmtpReceiver.Start() : null;
        _app = new SecOpsApp(new Dictionary<string, string?>
        {
            ["SecOps:Automation:Smtp:Host"] = "127.0.0.1",
            ["SecOps:Automation:Smtp:Port"] = (smtpPort ?? _smtp!.Port).ToString(),
            ["SecOps:Automation:Smtp:Security"] = "None",
            ["SecOps:Automation:Smtp:From"] = "secops@example.test",
            ["SecOps:Automation:Smtp:Timeout"] = "00:00:05",
            // Rounds come from the test, unless it advances the clock by a day.
            ["SecOps:Reports:Interval"] = interval,
        }, time: _time);
        var user = await AccountClient.CreateUserAsync(_app, Email, "correct horse battery staple", Roles.Manager);
        return new Actor(user.Id, user.DisplayName, PermissionTable.ForRole(Roles.Manager).ToHashSet());
    }

    public async ValueTask DisposeAsync()
    {
        _app?.Dispose();
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }

    private void SeedAlerts(DateTimeOffset at)
    {
        using var db = TestStore.Open(_app.DataDirectory);
        foreach (var (rule, i) in new[] { ScriptRule, FormulaRule }.Select((r, i) => (r, i)))
        {
            db.Alerts.Add(new Alert
            {
                DocumentId = "d" + i, Severity = Severity.High, EventTime = at, AlertTime = at, IngestedAt = at, UpdatedAt = at,
                RuleId = "rule-" + i, RuleName = rule, MitreTactic = "Execution", Source = "edr", Fingerprint = "f" + i,
            });
        }
        db.SaveChanges();
    }

    private async Task<ReportSubscription?> StoredAsync()
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.ReportSubscriptions.AsNoTracking().SingleOrDefaultAsync();
    }

    private async Task<IReadOnlyList<AuditRecord>> AuditAsync() => await _app.Get<AuditTrail>().ListAsync(Actor.System, 200, CancellationToken.None);

    private static byte[] Content(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return stream.ToArray();
    }

    private static List<string[]> Sheet(byte[] xlsx, string sheet)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. stream.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString() ?? "").ToArray())];
    }

    [Fact]
    public async Task WeeklySubscriptionDueNow_ArrivesOnce_WithTheTablesAttached_ValuesEncodedAndNeutralised_AndTheNextWeekScheduled()
    {
        // Monday 2026-12-07, 06:00 UTC; the manager's zone is UTC (no preference), reports go out at 07:00.
        var manager = await StartAsync(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
        SeedAlerts(_time.GetUtcNow().AddDays(-1));
        var delivery = _app.Get<ReportDelivery>();
        var subscribed = await _app.Get<ReportSubscriptions>().SubscribeAsync(manager, ReportCadence.Weekly, (int)DayOfWeek.Monday, CancellationToken.None);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero), subscribed.NextDueAt);

        Assert.Equal(new ReportDelivery.Round(0, 0, 0), await delivery.SendDueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(1));
        var round = await delivery.SendDueAsync(CancellationToken.None);
        var again = await delivery.SendDueAsync(CancellationToken.None);

        Assert.Equal(new ReportDelivery.Round(1, 0, 0), round);
        Assert.Equal(new ReportDelivery.Round(0, 0, 0), again);
        await _smtp!.Messages.WaitUntilAsync(m => m.Count >= 1, "the report email");
        var mail = Assert.Single(_smtp.Messages.Snapshot());
        Assert.Equal([Email], mail.To.Mailboxes.Select(m => m.Address));
        Assert.StartsWith("[SecOps] Security operations report, 2026-12-01 to 2026-12-07", mail.Subject);

        // The body: the print view's data, every value encoded.
        var html = mail.HtmlBody!;
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains(ScriptRule, WebUtility.HtmlDecode(html));
        Assert.Contains("2 alerts in this period", WebUtility.HtmlDecode(html));

        // The attachments: exactly the tables the report page shows for this viewer now, as its exports write them.
        var report = await _app.Get<ReportQueries>().LoadAsync(manager, new(7, null, null), CancellationToken.None);
        var attachments = mail.Attachments.OfType<MimePart>().ToList();
        Assert.Equal([.. report.Tables.Select(t => $"secops-{t.Id}-last-7-days-2026-12-07.csv"), "secops-report-last-7-days-2026-12-07.xlsx"],
            attachments.Select(a => a.FileName));
        foreach (var (table, csv) in report.Tables.Zip(attachments))
        {
            Assert.Equal(Encoding.UTF8.GetString(ReportFiles.Csv(table)), Encoding.UTF8.GetString(Content(csv)));
        }
        var rulesCsv = Encoding.UTF8.GetString(Content(attachments.Single(a => a.FileName == "secops-rules-last-7-days-2026-12-07.csv")));
        Assert.Contains("\"'=cmd|' /C calc'!A0\"", rulesCsv);
        var workbook = Content(attachments[^1]);
        foreach (var table in report.Tables)
        {
            Assert.Equal([[.. table.Header], .. table.Rows.Select(r => r.Select(SpreadsheetText.Neutralise).ToArray())], Sheet(workbook, table.Id));
        }
        Assert.Contains(Sheet(workbook, "rules"), r => r[0] == "'" + FormulaRule);

        // Recorded: sent now, next Monday due; one audit row, without the address.
        var stored = await StoredAsync();
        Assert.Equal(_time.GetUtcNow(), stored!.LastSentAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 7, 0, 0, TimeSpan.Zero), stored.NextDueAt);
        Assert.Null(stored.SendingUntil);
        var audit = await AuditAsync();
        var sent = Assert.Single(audit, r => r.Action == ReportDelivery.Action);
        Assert.Equal(AuditOutcome.Success, sent.Outcome);
        Assert.Equal("report-subscription:" + stored.Id, sent.Target);
        Assert.Contains("user:" + manager.Id, sent.Details);
        Assert.DoesNotContain(audit, r => $"{r.Target} {r.Details}".Contains(Email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task MonthlyOnThe31st_IsDueOnTheMonthsLastDay_CoversTheLastCalendarMonth_AndIsNextDueAtTheNextMonthsEnd()
    {
        // Monday 2026-11-30, the last day of November.
        var manager = await StartAsync(new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero));
        var subscribed = await _app.Get<ReportSubscriptions>().SubscribeAsync(manager, ReportCadence.Monthly, 31, CancellationToken.None);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero), subscribed.NextDueAt);
        Assert.Equal(ReportPeriod.LastCalendarMonth, subscribed.Period);

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(new ReportDelivery.Round(1, 0, 0), await _app.Get<ReportDelivery>().SendDueAsync(CancellationToken.None));

        await _smtp!.Messages.WaitUntilAsync(m => m.Count >= 1, "the report email");
        var mail = Assert.Single(_smtp.Messages.Snapshot());
        Assert.StartsWith("[SecOps] Security operations report, 2026-10-01 to 2026-10-31 23:59 UTC", mail.Subject);
        Assert.Contains("secops-report-2026-10-01-to-2026-10-31.xlsx", mail.Attachments.OfType<MimePart>().Select(a => a.FileName));
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 7, 0, 0, TimeSpan.Zero), (await StoredAsync())!.NextDueAt);
    }

    [Fact]
    public async Task TheBackgroundService_SendsADueReport_WhenItsIntervalComes()
    {
        var manager = await StartAsync(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero), interval: "01:00:00");
        await _app.Get<ReportSubscriptions>().SubscribeAsync(manager, ReportCadence.Weekly, (int)DayOfWeek.Monday, CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1));

        await _smtp!.Messages.WaitUntilAsync(m => m.Count >= 1, "the report email sent by the background round");
        await Eventually.HoldsAsync(async () => (await StoredAsync())?.LastSentAt == _time.GetUtcNow(), () => "the sending recorded");
        Assert.Single(_smtp.Messages.Snapshot());
    }

    [Fact]
    public async Task Unsubscribing_StopsTheReport()
    {
        var manager = await StartAsync(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
        var subscriptions = _app.Get<ReportSubscriptions>();
        await subscriptions.SubscribeAsync(manager, ReportCadence.Weekly, (int)DayOfWeek.Monday, CancellationToken.None);

        Assert.True(await subscriptions.UnsubscribeAsync(manager, CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(2));
        var round = await _app.Get<ReportDelivery>().SendDueAsync(CancellationToken.None);

        Assert.Equal(new ReportDelivery.Round(0, 0, 0), round);
        Assert.Null(await StoredAsync());
        Assert.Null(await subscriptions.GetAsync(manager, CancellationToken.None));
        Assert.Empty(_smtp!.Messages.Snapshot());
        Assert.Contains(await AuditAsync(), r => r.Action == "report.unsubscribe" && r.ActorId == manager.Id);
    }

    [Fact]
    public async Task MailServerDown_KeepsTheReportDue_RecordsTheFailure_WaitsBeforeRetrying_AndTheRetrySendsIt()
    {
        var port = SmtpReceiver.FreePort();
        var manager = await StartAsync(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero), smtpPort: port);
        await _app.Get<ReportSubscriptions>().SubscribeAsync(manager, ReportCadence.Weekly, (int)DayOfWeek.Monday, CancellationToken.None);
        var delivery = _app.Get<ReportDelivery>();
        _time.Advance(TimeSpan.FromHours(1));
        var failedAt = _time.GetUtcNow();

        var down = await delivery.SendDueAsync(CancellationToken.None);

        Assert.Equal(new ReportDelivery.Round(0, 1, 0), down);
        var stored = await StoredAsync();
        Assert.Null(stored!.LastSentAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero), stored.NextDueAt);
        // The first retry waits one interval (a day here), at most the longest retry wait (an hour by default).
        Assert.Equal(failedAt + TimeSpan.FromHours(1), stored.SendingUntil);
        Assert.Equal(1, stored.FailuresInARow);
        Assert.StartsWith("sending failed", stored.LastFailure);
        var failures = (await AuditAsync()).Where(r => r.Action == ReportDelivery.Action && r.Outcome == AuditOutcome.Failed).ToList();
        Assert.Equal($"weekly report to user:{manager.Id} sending failed (SocketException), 1 in a row; retried at {failedAt.AddHours(1):u}", Assert.Single(failures).Details);

        _smtp = SmtpReceiver.Start(port);
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(new ReportDelivery.Round(0, 0, 0), await delivery.SendDueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(1));
        var up = await delivery.SendDueAsync(CancellationToken.None);

        Assert.Equal(new ReportDelivery.Round(1, 0, 0), up);
        await _smtp.Messages.WaitUntilAsync(m => m.Count >= 1, "the report email once the server is up");
        stored = await StoredAsync();
        Assert.Equal(_time.GetUtcNow(), stored!.LastSentAt);
        Assert.Null(stored.LastFailure);
        Assert.Null(stored.SendingUntil);
        Assert.Equal(0, stored.FailuresInARow);
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 7, 0, 0, TimeSpan.Zero), stored.NextDueAt);
        Assert.Single(await AuditAsync(), r => r.Action == ReportDelivery.Action && r.Outcome == AuditOutcome.Failed);
    }

    [Fact]
    public async Task ASubscriberWhoLostTheRole_GetsNothing_AndTheRefusalIsRecorded()
    {
        var manager = await StartAsync(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
        await _app.Get<ReportSubscriptions>().SubscribeAsync(manager, ReportCadence.Weekly, (int)DayOfWeek.Monday, CancellationToken.None);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
            var user = (await users.FindByIdAsync(manager.Id))!;
            Assert.True((await users.RemoveFromRoleAsync(user, Roles.Manager)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Analyst)).Succeeded);
        }
        _time.Advance(TimeSpan.FromHours(1));

        var round = await _app.Get<ReportDelivery>().SendDueAsync(CancellationToken.None);

        Assert.Equal(new ReportDelivery.Round(0, 0, 1), round);
        Assert.Empty(_smtp!.Messages.Snapshot());
        var stored = await StoredAsync();
        Assert.Null(stored!.LastSentAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 7, 0, 0, TimeSpan.Zero), stored.NextDueAt);
        Assert.Contains(await AuditAsync(), r => r.Action == ReportDelivery.Action && r.Outcome == AuditOutcome.Refused
            && r.Details!.Contains("no longer reads reports", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportPage_ShowsTheManagerTheSubscriptionSection()
    {
        await StartAsync(DateTimeOffset.UtcNow);
        using var client = new AccountClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitPasswordAsync(Email, "correct horse battery staple")).Status);

        var page = await client.GetAsync("/reports?days=7");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Email me this report", page.Html);
        Assert.Contains("data-subscription=\"none\"", page.Html);
        Assert.Contains(">Subscribe</button>", page.Html);
    }
}
