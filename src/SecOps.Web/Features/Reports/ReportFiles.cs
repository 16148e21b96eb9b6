using System.Text;
using CsvHelper;
using MiniExcelLibs;
using SecOps.Web.Features.Compliance;

namespace SecOps.Web.Features.Reports;

/// <summary>
/// Writes report tables as CSV (RFC 4180, UTF-8, through the same writer options as the metrics export) and XLSX (one
/// sheet per table). Every cell is written as text with formula characters neutralised, in both formats.
/// </summary>
public static class ReportFiles
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Csv(ReportTable table)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, MetricsCsv.Options, leaveOpen: true))
        {
            csv.WriteRecord(table.Header.ToArray());
            foreach (var row in table.Rows)
            {
                csv.WriteRecord(row.ToArray());
            }
            csv.Flush();
        }
        return stream.ToArray();
    }

    public static byte[] Xlsx(IEnumerable<ReportTable> tables)
    {
        // The header is written as the first row, like any other, so an empty table still has its header and headings
        // need not be unique.
        var sheets = new Dictionary<string, object>();
        foreach (var table in tables)
        {
            var width = table.Header.Count;
            sheets[SheetName(table.Id)] = new[] { table.Header }.Concat(table.Rows).Select(row =>
            {
                var cells = new Dictionary<string, object?>(width);
                for (var i = 0; i < width; i++)
                {
                    cells["c" + i] = SpreadsheetText.Neutralise(i < row.Count ? row[i] : "");
                }
                return cells;
            }).ToList();
        }
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, printHeader: false);
        return stream.ToArray();
    }

    public static string FileName(string table, ComplianceRange range, DateTimeOffset now, string extension) =>
        new StringBuilder("secops-").Append(table).Append('-')
            .Append(range.LastDays is { } d ? $"last-{d}-days-{now:yyyy-MM-dd}" : $"{range.FromDay:yyyy-MM-dd}-to-{range.ToDay:yyyy-MM-dd}")
            .Append('.').Append(extension).ToString();

    // Sheet names: at most 31 characters, none of : \ / ? * [ ]. Table ids are fixed words, so this only trims.
    private static string SheetName(string id) => id.Length <= 31 ? id : id[..31];
}
