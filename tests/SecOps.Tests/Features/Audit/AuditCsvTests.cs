using System.Text;
using SecOps.Web.Features.Audit;

namespace SecOps.Tests.Features.Audit;

/// <summary>The audit export: one row per record in the order given, and cells a spreadsheet would run as formulas neutralised.</summary>
public sealed class AuditCsvTests
{
    private static async IAsyncEnumerable<AuditRecord> Records(params AuditRecord[] records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }

    [Fact]
    public async Task FormulaCellsAreNeutralised_AndEveryFieldIsWritten()
    {
        var at = new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.Zero);
        using var stream = new MemoryStream();

        await AuditCsv.WriteAsync(stream, Records(
            new AuditRecord { Id = 7, Sequence = 1, At = at, ActorId = "user-1", Action = "alert.note", Target = "=HYPERLINK(\"http://evil\")", Details = "@SUM(1,2)", Outcome = AuditOutcome.Refused, Mac = new string('a', 64) },
            new AuditRecord { Id = 8, Sequence = 2, At = at, ActorId = "anonymous", Action = "account.sign-in", Details = "a, \"quoted\"\nline" }), CancellationToken.None);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal("sequence,id,at,actor,action,target,details,outcome,mac", lines[0]);
        Assert.Equal($"1,7,2026-12-07T01:02:03.0000000Z,user-1,alert.note,\"'=HYPERLINK(\"\"http://evil\"\")\",\"'@SUM(1,2)\",Refused,{new string('a', 64)}", lines[1]);
        Assert.Equal("2,8,2026-12-07T01:02:03.0000000Z,anonymous,account.sign-in,,\"a, \"\"quoted\"\"\nline\",Success,", lines[2]);
    }
}
