using System.Text.Json;
using SecOps.Web.Elasticsearch.Queries;
using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.Tests.Elasticsearch.Queries;

public sealed class SourceEventTests
{
    [Fact]
    public void From_ReadsTheCompactView_FromNestedOrDottedEcs()
    {
        var hit = HitOf("""
            {"@timestamp":"2024-05-01T10:00:00.123Z","event":{"category":["authentication","iam"],"action":"logged-in","outcome":"success"},
             "data_stream.dataset":"system.auth","user":{"name":"alice"},"host.hostname":"web-1","client":{"ip":"10.0.0.5"},"message":"  Accepted password  "}
            """);

        var e = SourceEvent.From(hit);

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, 123, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(("logs-x", "id-1"), (e.Index, e.Id));
        Assert.Equal(["authentication", "iam"], e.Categories);
        Assert.Equal(("logged-in", "success", "system.auth"), (e.Action, e.Outcome, e.Dataset));
        Assert.Equal(("alice", "web-1", "10.0.0.5", "Accepted password"), (e.UserName, e.HostName, e.SourceIp, e.Message));
    }

    [Fact]
    public void From_TreatsEveryFieldAsHostile()
    {
        var hit = HitOf($$$"""
            {"@timestamp":"yesterday","event":{"category":"iam\u202E","action":{"nested":1}},"user":{"name":"\u001b[31mroot"},
             "host":{"name":"{{{new string('h', 400)}}}"},"source":{"ip":"1; DROP TABLE"},"client":{"ip":"10"},
             "message":"{{{new string('m', 5000)}}}"}
            """, id: "id\u2066x");

        var e = SourceEvent.From(hit);

        Assert.Null(e.Timestamp);
        Assert.Equal("id\uFFFDx", e.Id);
        Assert.Equal(["iam\uFFFD"], e.Categories);
        Assert.Null(e.Action);
        Assert.Equal("\uFFFD[31mroot", e.UserName);
        Assert.Equal(SourceEvent.ShortField + 1, e.HostName!.Length);
        Assert.Null(e.SourceIp);
        Assert.Equal(SourceEvent.MessageLength + 1, e.Message!.Length);
        Assert.EndsWith("…", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_WithoutSource_KeepsIndexAndIdOnly_AndCategoriesAreBounded()
    {
        var bare = SourceEvent.From(new Hit { Index = "logs-x", Id = "id-1" });
        Assert.Equal(("logs-x", "id-1", null, null, null, null), (bare.Index, bare.Id, bare.Timestamp, bare.UserName, bare.HostName, bare.Message));
        Assert.Empty(bare.Categories);
        var many = SourceEvent.From(HitOf($$$"""{"event":{"category":[{{{string.Join(',', Enumerable.Range(0, 20).Select(i => $"\"c{i}\""))}}},"c0"]}}"""));
        Assert.Equal(SourceEvent.MaxCategories, many.Categories.Count);
    }

    private static Hit HitOf(string source, string id = "id-1") =>
        new() { Index = "logs-x", Id = id, Source = JsonDocument.Parse(source).RootElement.Clone() };
}
