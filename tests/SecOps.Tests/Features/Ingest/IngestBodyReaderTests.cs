using System.Text;
using SecOps.Web.Features.Ingest;

namespace SecOps.Tests.Features.Ingest;

public sealed class IngestBodyReaderTests
{
    private static IReadOnlyList<IngestDocument> Split(string body, bool ndjson = false, long max = 1024 * 1024) =>
        IngestBodyReader.Split(Encoding.UTF8.GetBytes(body), ndjson, max);

    [Fact]
    public void Ndjson_WithBadLines_ReportsEachBadLineWithItsNumberAndKeepsTheRest()
    {
        var lines = Enumerable.Range(1, 10).Select(i => i switch
        {
            3 => "{\"@timestamp\": \"2024-01-01T00:00:00Z\", broken",
            7 => "[1,2,3]",
            _ => $"{{\"@timestamp\": \"2024-01-01T00:00:0{i % 10}Z\", \"n\": {i}}}",
        });
        var documents = Split(string.Join("\n", lines), ndjson: true);

        Assert.Equal(10, documents.Count);
        Assert.Equal(8, documents.Count(d => d.Json is not null));
        Assert.Equal([3, 7], documents.Where(d => d.Error is not null).Select(d => d.Line!.Value));
        Assert.All(documents, d => Assert.NotNull(d.Line));
        Assert.Contains("Malformed JSON", documents[2].Error);
        Assert.Contains("must be a JSON object", documents[6].Error);
    }

    [Fact]
    public void Ndjson_SkipsBlankLinesButCountsThemInLineNumbers()
    {
        var documents = Split("{\"a\":1}\r\n\r\n   \n{\"b\":2}\n", ndjson: true);

        Assert.Equal(2, documents.Count);
        Assert.Equal([1, 4], documents.Select(d => d.Line!.Value));
    }

    [Fact]
    public void ObjectsOnSeveralLinesWithoutNdjsonContentType_AreReadAsNdjson()
    {
        var documents = Split("{\"a\":1}\n{\"b\":2}");

        Assert.Equal(2, documents.Count);
        Assert.All(documents, d => Assert.NotNull(d.Json));
    }

    [Fact]
    public void Array_RejectsNonObjectElementsOneByOne()
    {
        var documents = Split("[{\"a\":1}, 42, \"x\", {\"b\":2}]");

        Assert.Equal(4, documents.Count);
        Assert.Equal([true, false, false, true], documents.Select(d => d.Json is not null));
    }

    [Fact]
    public void MalformedArray_IsAWholeBodyError()
    {
        var error = Assert.Throws<IngestBodyException>(() => Split("[{\"a\":1}, {\"b\":"));
        Assert.Contains("malformed", error.Message);
    }

    [Fact]
    public void MalformedSingleObject_IsAWholeBodyError() =>
        Assert.Throws<IngestBodyException>(() => Split("{\"a\": tru"));

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("hello")]
    [InlineData("42")]
    public void BodyThatIsNotJson_IsAWholeBodyError(string body) =>
        Assert.Throws<IngestBodyException>(() => Split(body));

    [Fact]
    public void DocumentOverTheLimit_IsRejectedAloneWithTheLimitInTheMessage()
    {
        var big = "{\"pad\":\"" + new string('x', 600) + "\"}";
        var documents = Split(big + "\n{\"a\":1}", ndjson: true, max: 512);

        Assert.Null(documents[0].Json);
        Assert.Contains("512", documents[0].Error);
        Assert.NotNull(documents[1].Json);
    }

    [Fact]
    public void SearchHit_UsesItsSourceAsTheDocumentAndItsIdAsTransportId()
    {
        var document = Assert.Single(Split("{\"_index\":\"x\",\"_id\":\"abc\",\"_source\":{\"@timestamp\":\"2024-01-01T00:00:00Z\"}}"));

        Assert.Equal("abc", document.TransportId);
        Assert.True(document.Json!.Value.TryGetProperty("@timestamp", out _));
    }

    [Fact]
    public void ByteOrderMark_IsIgnored()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"a\":1}")).ToArray();
        Assert.Single(IngestBodyReader.Split(bytes, false, 1024));
    }

    [Fact]
    public void DeeplyNestedDocument_IsRejectedNotCrashing()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        var documents = Split("{\"a\":" + deep + "}\n{\"b\":1}", ndjson: true);

        Assert.Null(documents[0].Json);
        Assert.NotNull(documents[1].Json);
    }
}
