using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MiniExcelLibs;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Reports;
using SecOps.Web.Features.Sla;

namespace SecOps.Tests.Features.Reports;

public sealed class ReportEmailTests
{
    private const string HostileRule = "<script>alert(1)</script>";
    private const string FormulaRule = "=cmd|' /C calc'!A0";
    private static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    private static ReportQueries.Report Report()
    {
        var metrics = new ComplianceMetrics(Options.Create(new SlaOptions()), Options.Create(new ComplianceOptions()), new FakeTimeProvider(Now));
        var range = new ComplianceRange(7, null, null);
        var period = range.Resolve(Now);
        var facts = new ComplianceFacts { Rules = [new RuleCounts("r-1", HostileRule, 3, 1, 1, 0), new RuleCounts("r-2", FormulaRule, 1, 0, 0, 0)] };
        var snapshot = new ComplianceQueries.Snapshot(metrics.Compute(period, facts, Now), metrics.Compute(period.Previous, new ComplianceFacts(), Now));
        return new ReportQueries.Report(range, Now, snapshot, [], ReportTables.Build(snapshot, []));
    }

    [Fact]
    public void Html_EncodesEveryValue_SoOnlyTheWritersOwnElementsAreMarkup()
    {
        var html = ReportEmail.Html(Report(), "<b>Mallory</b>");

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Equal(["!DOCTYPE", "html", "body", "h1", "/h1", "p", "/p", "h2", "/h2", "table", "thead", "tr", "th", "/th", "/tr", "/thead", "tbody", "td", "/td", "/tbody", "/table", "/body", "/html"],
            Regex.Matches(html, "<(/?[!A-Za-z0-9]+)").Select(m => m.Groups[1].Value).Distinct());
        var decoded = WebUtility.HtmlDecode(html);
        Assert.Contains(HostileRule, decoded);
        Assert.Contains("for <b>Mallory</b>", decoded);
    }

    [Fact]
    public void Message_AttachesEveryTableAsCsv_AndTheWholeReportAsOneWorkbook_WrittenByReportFiles()
    {
        var report = Report();

        using var message = ReportEmail.Message(report, "secops@example.test", "manager@example.test", "Manager");

        var attachments = message.Attachments.OfType<MimePart>().ToList();
        Assert.Equal([.. report.Tables.Select(t => $"secops-{t.Id}-last-7-days-2026-03-31.csv"), "secops-report-last-7-days-2026-03-31.xlsx"],
            attachments.Select(a => a.FileName));
        foreach (var (table, attachment) in report.Tables.Zip(attachments))
        {
            Assert.Equal("text/csv", attachment.ContentType.MimeType);
            Assert.Equal(ReportFiles.Csv(table), Content(attachment));
        }
        // A workbook's zip entries carry the time they were written, so its sheets are compared, not its bytes.
        var workbook = Content(attachments[^1]);
        Assert.Equal(ReportFiles.XlsxType, attachments[^1].ContentType.MimeType);
        foreach (var table in report.Tables)
        {
            Assert.Equal([[.. table.Header], .. table.Rows.Select(r => r.Select(SpreadsheetText.Neutralise).ToArray())], Sheet(workbook, table.Id));
        }
        Assert.Contains(Sheet(workbook, "rules"), r => r[0] == "'" + FormulaRule);
        Assert.Contains("\"'=cmd|' /C calc'!A0\"", System.Text.Encoding.UTF8.GetString(Content(attachments.Single(a => a.FileName!.StartsWith("secops-rules-", StringComparison.Ordinal)))));
        Assert.Equal("[SecOps] Security operations report, 2026-03-25 to 2026-03-31 11:59 UTC", message.Subject);
        Assert.Equal(["manager@example.test"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("Alerts and false positives per rule: 2 rows", message.TextBody);
    }

    private static List<string[]> Sheet(byte[] xlsx, string sheet)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. stream.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString() ?? "").ToArray())];
    }

    private static byte[] Content(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return stream.ToArray();
    }
}
