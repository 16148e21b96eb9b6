using System.Text;
using System.Text.Encodings.Web;
using MimeKit;
using SecOps.Web.Features.Compliance;

namespace SecOps.Web.Features.Reports;

/// <summary>
/// The report as an email: the print view's cover line, summary and tables as HTML (every value HTML-encoded: rule names,
/// tactics and analyst names come from alert sources), a plain-text part, every table as a CSV attachment and the whole
/// report as one workbook, all written by <see cref="ReportFiles"/> (formulas neutralised). The tactic-by-day table is
/// attached, not shown, as on the page.
/// </summary>
public static class ReportEmail
{
    public const string WorkbookName = "report";

    public static MimeMessage Message(ReportQueries.Report report, string from, string to, string subscriberName)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = Subject(report);
        var body = new BodyBuilder { TextBody = Text(report, subscriberName), HtmlBody = Html(report, subscriberName) };
        foreach (var (name, bytes, type) in Attachments(report))
        {
            body.Attachments.Add(name, bytes, ContentType.Parse(type));
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    public static string Subject(ReportQueries.Report report) =>
        "[SecOps] Security operations report, " + CompliancePage.PeriodText(report.Snapshot.Current.Period);

    /// <summary>Each table as CSV, then the workbook: file name, content, content type.</summary>
    public static IEnumerable<(string Name, byte[] Bytes, string ContentType)> Attachments(ReportQueries.Report report)
    {
        foreach (var table in report.Tables)
        {
            yield return (ReportFiles.FileName(table.Id, report.Range, report.GeneratedAt, "csv"), ReportFiles.Csv(table), ReportFiles.CsvType);
        }
        yield return (ReportFiles.FileName(WorkbookName, report.Range, report.GeneratedAt, "xlsx"), ReportFiles.Xlsx(report.Tables), ReportFiles.XlsxType);
    }

    public static string Html(ReportQueries.Report report, string subscriberName)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        Element(html, "h1", "Security operations report");
        Element(html, "p", CoverLine(report, subscriberName));
        Element(html, "p", ReportPage.Summary(report));
        foreach (var table in Shown(report))
        {
            Element(html, "h2", table.Title);
            if (table.Rows.Count == 0)
            {
                Element(html, "p", "Nothing in this period.");
                continue;
            }
            html.Append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><thead><tr>");
            foreach (var heading in table.Header)
            {
                Element(html, "th", heading);
            }
            html.Append("</tr></thead><tbody>");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                foreach (var cell in row)
                {
                    Element(html, "td", cell);
                }
                html.Append("</tr>");
            }
            html.Append("</tbody></table>");
        }
        Element(html, "p", "Every table is attached as CSV, and the whole report as one workbook (XLSX).");
        return html.Append("</body></html>").ToString();
    }

    public static string Text(ReportQueries.Report report, string subscriberName)
    {
        var text = new StringBuilder("Security operations report\n").Append(CoverLine(report, subscriberName)).Append("\n\n")
            .Append(ReportPage.Summary(report)).Append("\n\n");
        foreach (var table in Shown(report))
        {
            text.Append(table.Title).Append(": ").Append(table.Rows.Count).Append(table.Rows.Count == 1 ? " row" : " rows").Append('\n');
        }
        return text.Append("\nEvery table is attached as CSV, and the whole report as one workbook (XLSX).\n").ToString();
    }

    private static string CoverLine(ReportQueries.Report report, string subscriberName) =>
        $"{CompliancePage.PeriodText(report.Snapshot.Current.Period)}, compared with {CompliancePage.PeriodText(report.Snapshot.Previous.Period)}. " +
        $"Generated {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC for {subscriberName}.";

    private static IEnumerable<ReportTable> Shown(ReportQueries.Report report) => report.Tables.Where(t => t.Id != "tactic-days");

    /// <summary>The only way text enters the HTML: encoded, inside an element whose name is a constant of this class.</summary>
    private static void Element(StringBuilder html, string name, string text) =>
        html.Append('<').Append(name).Append('>').Append(HtmlEncoder.Default.Encode(text)).Append("</").Append(name).Append('>');
}
