namespace SecOps.Web.Features.Reports;

/// <summary>
/// One table of the report as the page shows it and every export writes it: text cells, in the page's order. Cells
/// hold text from alert sources (rule names, tactics, analyst names), so the page renders them as text and the exports
/// neutralise formulas (<see cref="SpreadsheetText"/>).
/// </summary>
/// <param name="Id">The address segment of its exports: <c>/reports/{Id}.csv</c> and <c>/reports/{Id}.xlsx</c>.</param>
public sealed record ReportTable(string Id, string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>What a spreadsheet must never run as a formula.</summary>
public static class SpreadsheetText
{
    /// <summary>The characters that make a spreadsheet read a cell as a formula (or hide one behind a line break).</summary>
    public const string FormulaStarts = "=+-@\t\r";

    /// <summary>A cell starting with a formula character gets a leading single quote, as OWASP's CSV-injection advice says.</summary>
    public static string Neutralise(string cell) => cell.Length > 0 && FormulaStarts.Contains(cell[0], StringComparison.Ordinal) ? "'" + cell : cell;
}
