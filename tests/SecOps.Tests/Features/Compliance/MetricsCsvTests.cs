using System.Text;
using CsvHelper;
using SecOps.Web.Features.Compliance;

namespace SecOps.Tests.Features.Compliance;

public sealed class MetricsCsvTests
{
    private static List<string[]> ReadBack(byte[] csv)
    {
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(csv), CsvReaderOptions.Default with { HasHeader = false });
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            rows.Add(row.ToArray());
        }
        return rows;
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tcmd")]
    [InlineData("\rcmd")]
    public void Write_CellThatStartsLikeAFormula_IsPrefixedWithAQuoteAndReadsBackAsText(string hostile)
    {
        var csv = MetricsCsv.Write([new MetricsTable.Row("Rule", hostile, "alerts", "3", "1")]);

        var rows = ReadBack(csv);

        Assert.Equal(MetricsTable.Header, rows[0]);
        Assert.Equal("'" + hostile, rows[1][1]);
        Assert.Equal(["Rule", "alerts", "3", "1"], new[] { rows[1][0], rows[1][2], rows[1][3], rows[1][4] });
    }

    [Fact]
    public void Write_PlainCellsWithCommasAndQuotes_ReadBackUnchanged()
    {
        var csv = MetricsCsv.Write([new MetricsTable.Row("Time", "MTTA median", "high", "1h 05m", "–"), new MetricsTable.Row("Rule", "Say \"hi\", then go", "alerts", "1,234", "12.5%")]);

        var rows = ReadBack(csv);

        Assert.Equal(3, rows.Count);
        Assert.Equal(["Time", "MTTA median", "high", "1h 05m", "–"], rows[1]);
        Assert.Equal(["Rule", "Say \"hi\", then go", "alerts", "1,234", "12.5%"], rows[2]);
    }
}
