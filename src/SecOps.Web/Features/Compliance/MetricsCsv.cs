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
        InjectionCharacters = Reports.SpreadsheetText.FormulaStarts,
        InjectionEscape = '\'',
    };

    public static byte[] Write(IEnumerable<MetricsTable.Row> rows) =>
        Reports.ReportFiles.Csv(Reports.ReportTables.MetricsOf(rows));

    public static string FileName(ComplianceRange range, DateTimeOffset now) => Reports.ReportFiles.FileName("metrics", range, now, "csv");
}
