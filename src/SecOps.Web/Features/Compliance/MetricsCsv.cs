using System.Text;
using CsvHelper;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// Writes the metrics table as RFC 4180 CSV (UTF-8). Every cell is text, and a cell that a spreadsheet would run as a
/// formula (starting with = + - @, tab or CR) is prefixed with a single quote: rule names and analyst names come from
/// outside.
/// </summary>
public static class MetricsCsv
{
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+-@\t\r",
        InjectionEscape = '\'',
    };

    public static byte[] Write(IEnumerable<MetricsTable.Row> rows)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, Options, leaveOpen: true))
        {
            csv.WriteRecord(MetricsTable.Header);
            foreach (var row in rows)
            {
                csv.WriteRecord([row.Section, row.Metric, row.Scope, row.Current, row.Previous]);
            }
            csv.Flush();
        }
        return stream.ToArray();
    }

    public static string FileName(ComplianceRange range, DateTimeOffset now) =>
        new StringBuilder("secops-metrics-").Append(range.LastDays is { } d ? $"last-{d}-days-{now:yyyy-MM-dd}" : $"{range.FromDay:yyyy-MM-dd}-to-{range.ToDay:yyyy-MM-dd}").Append(".csv").ToString();
}
