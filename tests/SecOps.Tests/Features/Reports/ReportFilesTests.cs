using System.IO.Compression;
using System.Text;
using CsvHelper;
using MiniExcelLibs;
using SecOps.Web.Features.Reports;

namespace SecOps.Tests.Features.Reports;

public sealed class ReportFilesTests
{
    private static readonly string[] Hostile = ["=HYPERLINK(\"http://evil\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"];

    private static ReportTable Table(string id, params string[][] rows) =>
        new(id, "A table", ["Rule", "Alerts"], [.. rows.Select(r => (IReadOnlyList<string>)r)]);

    private static List<string[]> ReadCsv(byte[] csv)
    {
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(csv), CsvReaderOptions.Default with { HasHeader = false });
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            rows.Add(row.ToArray());
        }
        return rows;
    }

    private static List<string[]> ReadSheet(byte[] xlsx, string sheet)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. stream.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString() ?? "").ToArray())];
    }

    [Fact]
    public void Csv_EveryCellStartingLikeAFormula_IsPrefixedWithAQuote_OthersReadBackUnchanged()
    {
        var table = Table("rules", [.. Hostile.Select(h => new[] { h, "1" }), ["Say \"hi\", then go", "1,234"]]);

        var rows = ReadCsv(ReportFiles.Csv(table));

        Assert.Equal(["Rule", "Alerts"], rows[0]);
        Assert.Equal(Hostile.Select(h => "'" + h), rows.Skip(1).Take(Hostile.Length).Select(r => r[0]));
        Assert.Equal(["Say \"hi\", then go", "1,234"], rows[^1]);
    }

    [Fact]
    public void Xlsx_OneSheetPerTable_CellsReadBackAsNeutralisedText_AndNoCellIsAFormula()
    {
        var rules = Table("rules", [.. Hostile.Select(h => new[] { h, "3" })]);
        var workload = Table("workload", ["ana", "12"], ["ben", "–"]);

        var xlsx = ReportFiles.Xlsx([rules, workload]);

        using (var stream = new MemoryStream(xlsx))
        {
            Assert.Equal(["rules", "workload"], MiniExcel.GetSheetNames(stream));
        }
        var ruleRows = ReadSheet(xlsx, "rules");
        Assert.Equal(["Rule", "Alerts"], ruleRows[0]);
        // XML reads a bare CR back as LF (end-of-line normalisation); the quote in front is what neutralises it.
        Assert.Equal(Hostile.Select(h => "'" + h.Replace('\r', '\n')), ruleRows.Skip(1).Select(r => r[0]));
        Assert.All(ruleRows.Skip(1), r => Assert.Equal("3", r[1]));
        Assert.Equal([["Rule", "Alerts"], ["ana", "12"], ["ben", "–"]], ReadSheet(xlsx, "workload"));
        // No cell of any sheet is stored as a formula (<f>), whatever its text.
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, sheets.Count);
        foreach (var sheet in sheets)
        {
            using var reader = new StreamReader(sheet.Open());
            Assert.DoesNotMatch("<(\\w+:)?f[ >]", reader.ReadToEnd());
        }
    }

    [Fact]
    public void Xlsx_AnEmptyTable_IsASheetWithItsHeaderOnly()
    {
        var xlsx = ReportFiles.Xlsx([Table("noisy-rules")]);

        Assert.Equal([["Rule", "Alerts"]], ReadSheet(xlsx, "noisy-rules"));
    }
}
