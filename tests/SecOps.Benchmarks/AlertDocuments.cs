using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SecOps.Web.Features.Demo;

namespace SecOps.Benchmarks;

/// <summary>
/// Realistic Elastic Security alert documents (the demo generator's scenarios, each with a fresh
/// <c>kibana.alert.uuid</c>) and the NDJSON request bodies that carry them.
/// </summary>
public sealed class AlertDocuments(int seed)
{
    private readonly DemoAlertGenerator _generator = new(new Random(seed));

    public JsonObject Next(DateTimeOffset at) => _generator.Next(at);

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
