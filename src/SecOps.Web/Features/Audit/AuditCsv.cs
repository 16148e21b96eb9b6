using System.Globalization;
using CsvHelper;

namespace SecOps.Web.Features.Audit;

/// <summary>The audit trail as RFC 4180 CSV with the metrics export's formula neutralisation (targets and details come from outside).</summary>
public static class AuditCsv
{
    public static readonly string[] Header = ["sequence", "id", "at", "actor", "action", "target", "details", "outcome", "mac"];

    public static async Task WriteAsync(Stream stream, IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken)
    {
        // The writer writes synchronously; it fills a buffer that goes to the response asynchronously every 1,000 records.
        using var buffer = new MemoryStream();
        using var csv = CsvWriter.Create(buffer, Compliance.MetricsCsv.Options, leaveOpen: true);
        csv.WriteRecord(Header);
        var count = 0;
        await foreach (var r in records.WithCancellation(cancellationToken))
        {
            csv.WriteRecord([
                r.Sequence?.ToString(CultureInfo.InvariantCulture) ?? "", r.Id.ToString(CultureInfo.InvariantCulture),
                r.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), r.ActorId, r.Action, r.Target ?? "", r.Details ?? "",
                r.Outcome.ToString(), r.Mac ?? "",
            ]);
            if (++count % 1000 == 0)
            {
                await DrainAsync();
            }
        }
        await DrainAsync();

        async Task DrainAsync()
        {
            csv.Flush();
            buffer.Position = 0;
            await buffer.CopyToAsync(stream, cancellationToken);
            buffer.SetLength(0);
        }
    }
}
