using System.Net;
using System.Text;
using CsvHelper;
using MiniExcelLibs;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Notes;
using SecOps.Web.Features.Playbooks;
using SecOps.Web.Features.Suppression;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Reports;

/// <summary>
/// The manager's pages and exports on the real app: a manager opens every metric and report page and every export, and
/// reads them with hostile rule names neutralised; every write path refuses a manager and leaves the store as it was.
/// </summary>
public sealed class ReportsTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private const string HostileRule = "=HYPERLINK(\"http://evil.example\",\"open\")";
    private static readonly string[] Tables = ["metrics", "frameworks", "noisy-rules", "rules", "workload", "tactic-days", "step-times", "phase-times"];
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly Actor Manager = new("ma-1", "Manager", PermissionTable.ForRole(Roles.Manager).ToHashSet());

    private (long AlertId, long IncidentId) Seed()
    {
        using var db = TestStore.Open(_app.DataDirectory);
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        var alert = new Alert
        {
            DocumentId = "r1", Severity = Severity.High, EventTime = at, AlertTime = at, IngestedAt = at, UpdatedAt = at,
            RuleId = "hostile", RuleName = HostileRule, MitreTactic = "Execution", Source = "edr", Fingerprint = "r1",
        };
        db.Alerts.Add(alert);
        var incident = new Incident { Title = "Seeded", Severity = Severity.High, CreatedById = "ana", CreatedAt = at, UpdatedAt = at };
        db.Incidents.Add(incident);
        db.SaveChanges();
        return (alert.Id, incident.Id);
    }

    private async Task<AccountClient> SignedInAsync(string role)
    {
        var email = role + "@reports.test";
        await AccountClient.CreateUserAsync(_app, email, Password, role);
        var client = new AccountClient(_app);
        var answer = await client.SubmitPasswordAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        return client;
    }

    [Fact]
    public async Task Manager_OpensEveryMetricAndReportPage_WithItsFigures()
    {
        Seed();
        using var manager = await SignedInAsync(Roles.Manager);

        var report = await manager.GetAsync("/reports?days=7");
        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Contains("Security operations report", report.Html);
        foreach (var table in Tables.Where(t => t != "tactic-days"))
        {
            Assert.Contains($"data-table=\"{table}\"", report.Html);
        }
        // The hostile rule name is shown as text (encoded), never as markup.
        Assert.Contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;open&quot;)", report.Html);
        Assert.Contains("1 alerts in this period", report.Html);

        var overview = await manager.GetAsync("/compliance?days=7");
        Assert.Equal(HttpStatusCode.OK, overview.Status);
        Assert.Contains("Headline metrics", overview.Html);
        foreach (var framework in new[] { "owasp-top-10", "nist-csf-2", "iso-27001", "soc-2", "gdpr", "nis2", "vulnerability-access" })
        {
            var page = await manager.GetAsync($"/compliance/{framework}?days=7");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("data-control=", page.Html);
        }
    }

    [Fact]
    public async Task Manager_DownloadsEveryTable_AsCsvAndXlsx_AndTheWholeWorkbook_ReadBackWithFormulasNeutralised()
    {
        Seed();
        using var manager = await SignedInAsync(Roles.Manager);

        foreach (var table in Tables)
        {
            var csv = await FileAsync(manager, $"/reports/{table}.csv?days=7", "text/csv", $"secops-{table}-last-7-days-");
            var rows = new List<string[]>();
            using (var reader = CsvReader.FromText(Encoding.UTF8.GetString(csv), CsvReaderOptions.Default with { HasHeader = false }))
            {
                foreach (var row in reader)
                {
                    rows.Add(row.ToArray());
                }
            }
            Assert.NotEmpty(rows[0]);
            var xlsx = await FileAsync(manager, $"/reports/{table}.xlsx?days=7", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"secops-{table}-last-7-days-");
            Assert.Equal(rows, Sheet(xlsx, table));
        }
        var rules = Sheet(await FileAsync(manager, "/reports/rules.xlsx?days=7", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "secops-rules-"), "rules");
        Assert.Equal(["'" + HostileRule, "hostile", "1", "0", "0", "–", "0"], rules[1]);

        var workbook = await FileAsync(manager, "/reports/report.xlsx?days=7", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "secops-report-");
        using (var stream = new MemoryStream(workbook))
        {
            Assert.Equal(Tables, MiniExcel.GetSheetNames(stream));
        }
        Assert.Equal(rules, Sheet(workbook, "rules"));
        var metrics = await FileAsync(manager, "/compliance/metrics.csv?days=7", "text/csv", "secops-metrics-last-7-days-");
        Assert.Contains("Rule,\"'=HYPERLINK(\"\"http://evil.example", Encoding.UTF8.GetString(metrics));
        using var unknown = await manager.GetResponseAsync("/reports/no-such-table.csv?days=7");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Analyst_IsRefusedTheReportPageAndItsExports_BeforeAnythingIsRead()
    {
        Seed();
        using var analyst = await SignedInAsync(Roles.Analyst);

        var page = await analyst.GetAsync("/reports");
        using var csv = await analyst.GetResponseAsync("/reports/metrics.csv");
        using var xlsx = await analyst.GetResponseAsync("/reports/report.xlsx");

        // The permission policy refuses before anything is read: the sign-in cookie's "denied" page, and no file.
        foreach (var answer in new[] { (page.Status, page.Location), (csv.StatusCode, csv.Headers.Location?.PathAndQuery), (xlsx.StatusCode, xlsx.Headers.Location?.PathAndQuery) })
        {
            Assert.Equal((HttpStatusCode.Redirect, "/account/denied"), (answer.Item1, answer.Item2?.Split('?')[0]));
        }
        Assert.Empty(await csv.Content.ReadAsByteArrayAsync());
        Assert.Empty(await xlsx.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Manager_IsRefusedByEveryWritePath_AndTheStoreIsUnchanged()
    {
        var (alertId, incidentId) = Seed();
        int Playbooks()
        {
            using var db = TestStore.Open(_app.DataDirectory);
            return db.Playbooks.Count();
        }
        var playbooksBefore = Playbooks();
        var attempts = new (string Action, Func<Task> Write)[]
        {
            ("alert.acknowledge", () => _app.Get<AlertTriage>().ApplyAsync(Manager, alertId, TriageAction.Acknowledge, null, null, CancellationToken.None)),
            ("alert.claim", () => _app.Get<AlertTriage>().ApplyAsync(Manager, alertId, TriageAction.Claim, null, null, CancellationToken.None)),
            ("alert.close", () => _app.Get<AlertTriage>().ApplyAsync(Manager, alertId, TriageAction.Close, CloseReason.FalsePositive, null, CancellationToken.None)),
            ("alert.note", () => _app.Get<AlertNotes>().AddAsync(Manager, alertId, "a manager's note", CancellationToken.None)),
            ("incident.create", () => _app.Get<IncidentEscalation>().CreateAsync(Manager, new NewIncident("From a manager"), [alertId], CancellationToken.None)),
            ("incident.merge", () => _app.Get<IncidentEscalation>().AddAlertsAsync(Manager, incidentId, [alertId], CancellationToken.None)),
            ("incident.update", () => _app.Get<IncidentEditing>().UpdateAsync(Manager, incidentId, new IncidentEdit(1, IncidentStatus.Closed, IncidentPhase.PostIncident, Severity.Low, null), CancellationToken.None)),
            ("incident.note", () => _app.Get<IncidentEditing>().AddNoteAsync(Manager, incidentId, "a manager's note", CancellationToken.None)),
            ("incident.observable", () => _app.Get<IncidentObservables>().AddAsync(Manager, incidentId, [new NewObservable(ObservableType.Ip, "203.0.113.7")], CancellationToken.None)),
            ("playbook.attach", () => _app.Get<PlaybookRunner>().AttachAsync(Manager, incidentId, "phishing", CancellationToken.None)),
            ("playbook.import", () => _app.Get<PlaybookLibrary>().ImportAsync(Manager, "key: from-a-manager\nname: Nope\n", CancellationToken.None)),
            ("suppression.create", () => _app.Get<Suppressions>().CreateAsync(Manager, new Suppressions.Draft("noise", HostileRule, null, null, null, TimeSpan.FromHours(1), false, null), CancellationToken.None)),
            ("team.create", () => _app.Get<SecOps.Web.Features.Teams.Teams>().CreateAsync(Manager, "Managers' team", CancellationToken.None)),
        };

        foreach (var (action, write) in attempts)
        {
            var refused = await Record.ExceptionAsync(write);
            Assert.True(refused is AccessDeniedException, $"{action}: {refused?.GetType().Name ?? "not refused"}");
        }

        using var store = TestStore.Open(_app.DataDirectory);
        var alert = store.Alerts.Single(a => a.Id == alertId);
        Assert.Equal((AlertStatus.Open, null, null), (alert.Status, alert.AssigneeId, alert.IncidentId));
        Assert.Equal(["Seeded"], store.Incidents.Select(i => i.Title));
        Assert.Empty(store.AlertNotes);
        Assert.Empty(store.IncidentEvents);
        Assert.Empty(store.IncidentObservables);
        Assert.Empty(store.IncidentTasks);
        Assert.Empty(store.SuppressionRules);
        Assert.Empty(store.Teams);
        Assert.Equal(playbooksBefore, Playbooks());
        Assert.Equal(attempts.Length, store.AuditRecords.Count(r => r.ActorId == Manager.Id && r.Outcome == AuditOutcome.Refused));
    }

    private static async Task<byte[]> FileAsync(AccountClient client, string path, string contentType, string namePrefix)
    {
        using var response = await client.GetResponseAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(contentType, response.Content.Headers.ContentType!.ToString());
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.StartsWith(namePrefix, disposition.FileNameStar ?? disposition.FileName!.Trim('"'));
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static List<string[]> Sheet(byte[] xlsx, string sheet)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. stream.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString() ?? "").ToArray())];
    }
}
