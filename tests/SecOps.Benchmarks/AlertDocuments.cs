using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SecOps.Web.Features.Demo;

namespace SecOps.Benchmarks;

/// <summary>
/// Realistic Elastic Security alert documents (the demo generator's scenarios, each with a fresh
/// <c>kibana.alert.uuid</c>) and the NDJSON request bodies that carry them.
/// </summary>
/// <param name="numbering">When given, each document's rule name ends with this text for its number (0, 1, 2, ... in the order made), so a board's row shows it.</param>
public sealed class AlertDocuments(int seed, Func<int, string>? numbering = null)
{
    private readonly DemoAlertGenerator _generator = new(new Random(seed));
    private int _made;

    public JsonObject Next(DateTimeOffset at)
    {
        var document = _generator.Next(at);
        if (numbering is not null)
        {
            document["kibana.alert.rule.name"] = $"{document["kibana.alert.rule.name"]} {numbering(_made++)}";
        }
        return document;
    }

    /// <summary>A probe: an ordinary alert whose rule name identifies it on the board.</summary>
    public JsonObject Probe(string ruleName, DateTimeOffset at)
    {
        var document = Next(at);
        document["kibana.alert.rule.name"] = ruleName;
        return document;
    }

    /// <summary><paramref name="count"/> documents split into NDJSON bodies of <paramref name="batchSize"/>, timestamps one millisecond apart.</summary>
    public List<byte[]> NdjsonBatches(int count, int batchSize, DateTimeOffset start)
    {
        var batches = new List<byte[]>((count + batchSize - 1) / batchSize);
        for (var first = 0; first < count; first += batchSize)
        {
            var size = Math.Min(batchSize, count - first);
            batches.Add(ToNdjson(Enumerable.Range(first, size).Select(i => Next(start.AddMilliseconds(i)))));
        }
        return batches;
    }

    public static byte[] ToNdjson(IEnumerable<JsonObject> documents)
    {
        var text = new StringBuilder();
        foreach (var document in documents)
        {
            text.Append(document.ToJsonString()).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return content;
    }
}
