using System.Text;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Ingest;

namespace SecOps.Tests.Features.AuditEvents;

public sealed class AuditEventMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static AuditEventMapper.Mapped Map(string json, string? transportId = null, long maxDocumentBytes = 1 << 20)
    {
        var document = Assert.Single(IngestBodyReader.Split(Encoding.UTF8.GetBytes(json), false, 1 << 20));
        return AuditEventMapper.Map(document with { TransportId = transportId ?? document.TransportId }, "test", Now, maxDocumentBytes);
    }

    [Fact]
    public void DocumentId_IsTheTransportIdThenEventIdThenTheCanonicalHash()
    {
        const string withEventId = """{"@timestamp":"2024-01-01T00:00:00Z","event":{"id":"ev-1"},"kibana.alert.uuid":"not-for-audit"}""";
        const string withoutIds = """{"@timestamp":"2024-01-01T00:00:00Z","user":{"name":"alice"}}""";
        const string reordered = """{ "user": {"name": "alice"}, "@timestamp": "2024-01-01T00:00:00Z" }""";

        Assert.Equal("t-1", Map(withEventId, "t-1").DocumentId);
        Assert.Equal("ev-1", Map(withEventId).DocumentId);
        Assert.StartsWith(DocumentIds.HashPrefix, Map(withoutIds).DocumentId);
        Assert.Equal(Map(withoutIds).DocumentId, Map(reordered).DocumentId);
    }

    [Fact]
    public void Timestamp_IsRequiredAsIsoOrEpochMilliseconds()
    {
        Assert.Equal("@timestamp is required.", Map("""{"event":{"id":"a"}}""").Error);
        Assert.Contains("ISO 8601", Map("""{"@timestamp":"yesterday"}""").Error);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), Map("""{"@timestamp":1700000000123}""").Event!.Timestamp);
    }

    [Fact]
    public void SecOpsOwnRecord_IsRejectedWhateverTheCase_OtherDatasetsAreKept()
    {
        var own = Map("""{"@timestamp":"2024-01-01T00:00:00Z","data_stream":{"dataset":"SecOps.Audit"},"event":{"id":"own-1"}}""");
        var dotted = Map("""{"@timestamp":"2024-01-01T00:00:00Z","data_stream.dataset":["secops.audit"]}""");
        var other = Map("""{"@timestamp":"2024-01-01T00:00:00Z","data_stream":{"dataset":"system.auth"},"event":{"id":"x"}}""");

        Assert.Null(own.Event);
        Assert.Equal("own-1", own.DocumentId);
        Assert.Contains(OwnAuditRecords.MarkerValue, own.Error);
        Assert.Null(dotted.Event);
        Assert.NotNull(other.Event);
    }

    [Fact]
    public void HostileFields_AreCappedAndControlAndBidiCharactersMadeVisible_TheRawDocumentKept()
    {
        var longName = new string('a', 1000);
        var json = $$$"""{"@timestamp":"2024-01-01T00:00:00Z","user":{"name":"evil\u202Egnp.exe\u0007"},"host":{"name":"{{{longName}}}"},"event":{"action":"x\r\ninjected"}}""";

        var e = Map(json).Event!;

        Assert.Equal("evil\uFFFDgnp.exe\uFFFD", e.UserName);
        Assert.Equal(AuditEventMapper.ShortField + 1, e.HostName!.Length);
        Assert.EndsWith("…", e.HostName);
        Assert.Equal("x\uFFFD\uFFFDinjected", e.Action);
        Assert.DoesNotContain('\u202E', e.Summary);
        Assert.True(e.Summary.Length <= AuditEventMapper.SummaryLength + 1);
        Assert.Contains("\\u202E", e.RawDocument);
    }

    [Fact]
    public void DocumentOverTheLimit_IsRejected()
    {
        var json = $$$"""{"@timestamp":"2024-01-01T00:00:00Z","message":"{{{new string('x', 600)}}}"}""";

        var mapped = Map(json, maxDocumentBytes: 512);

        Assert.Null(mapped.Event);
        Assert.Contains("512 bytes", mapped.Error);
    }

    [Fact]
    public void SourceAddress_StandsInForSourceIpOnlyWhenItIsAnAddress()
    {
        Assert.Equal("192.0.2.7", Map("""{"@timestamp":"2024-01-01T00:00:00Z","source":{"address":"192.0.2.7"}}""").Event!.SourceIp);
        Assert.Null(Map("""{"@timestamp":"2024-01-01T00:00:00Z","source":{"address":"signin.example.com"}}""").Event!.SourceIp);
        Assert.Equal("10.0.0.1", Map("""{"@timestamp":"2024-01-01T00:00:00Z","source":{"ip":"10.0.0.1","address":"192.0.2.7"}}""").Event!.SourceIp);
    }

    [Fact]
    public void Summary_IsTheMessageWhenTheDocumentNamesNoActionOrCategory()
    {
        var e = Map("""{"@timestamp":"2024-01-01T00:00:00Z","message":"  sshd: session opened for user bob  "}""").Event!;

        Assert.Equal("sshd: session opened for user bob", e.Summary);
        Assert.Equal("event", Map("""{"@timestamp":"2024-01-01T00:00:00Z"}""").Event!.Summary);
    }

    [Fact]
    public void Category_ArrayValuesAreJoined()
    {
        var e = Map("""{"@timestamp":"2024-01-01T00:00:00Z","event":{"category":["authentication","session"," "]}}""").Event!;

        Assert.Equal("authentication,session", e.Category);
    }
}
