using SecOps.Web.Elasticsearch.Responses;
using static SecOps.Tests.Elasticsearch.FixtureParsing;

namespace SecOps.Tests.Elasticsearch;

public sealed class OtherResponseFixtureTests
{
    [Theory]
    [InlineData("info/root_info_8.12.1.json", "8.12.1", "default", "instance-0000000000")]
    [InlineData("info/root_info_9.1.0.json", "9.1.0", "default", "instance-0000000000")]
    [InlineData("info/root_info_serverless.json", "9.4.0", "serverless", "serverless")]
    public void Info_ParsesVersionAndFlavor(string file, string version, string flavor, string name)
    {
        var info = Parse<InfoResponse>(file);

        Assert.Equal((version, flavor, name), (info.Version.Number, info.Version.BuildFlavor, info.Name));
        Assert.False(info.Version.BuildSnapshot);
        Assert.Equal("You Know, for Search", info.Tagline);
    }

    [Fact]
    public void Info_KeepsTheZeroBuildHashAsText()
    {
        Assert.Equal("00000000", Parse<InfoResponse>("info/root_info_9.1.0.json").Version.BuildHash);
    }

    [Fact]
    public void Count_ParsesCountAndShards()
    {
        var count = Parse<CountResponse>("search/count_response.json");

        Assert.Equal((1L, 1, 0), (count.Count, count.Shards!.Total, count.Shards.Failed));
        Assert.Empty(count.Warnings);
    }

    [Fact]
    public void PointInTime_OpenAndClose()
    {
        var open = Parse<PointInTimeResponse>("search/open_pit_response.json");
        var close = Parse<PointInTimeResponse>("search/close_pit_response.json");

        Assert.StartsWith("46ToAwMDaWR5BXV1aWQy", open.Id);
        Assert.Equal(10, open.Shards!.Successful);
        Assert.Equal((true, 3), (close.Succeeded, close.NumFreed));
    }

    [Theory]
    [InlineData("docs/index_response_created.json", "my-index-000001", "W0tpsmIBdwcYyG50zbta", 1, "created", 0)]
    [InlineData("docs/create_response_created.json", "my-index-000001", "1", 1, "created", 0)]
    [InlineData("docs/delete_response_deleted.json", "my-index-000001", "1", 2, "deleted", 5)]
    [InlineData("docs/update_response_noop.json", "test", "1", 2, "noop", 1)]
    public void WriteResponses_ParseIdVersionResultAndSeqNo(string file, string index, string id, long version, string result, long seqNo)
    {
        var response = Parse<WriteResponse>(file);

        Assert.Equal((index, id, version, result, seqNo, 1L), (response.Index, response.Id, response.Version, response.Result, response.SeqNo!.Value, response.PrimaryTerm!.Value));
    }

    [Theory]
    [InlineData("docs/update_by_query_response_set_alert_status_by_id.json", 1, 1, 0)]
    [InlineData("docs/update_by_query_response_set_alert_status_by_query.json", 17, 17, 0)]
    [InlineData("docs/delete_by_query_response.json", 119, 0, 119)]
    public void ByQueryResponses_ParseCounters(string file, long total, long updated, long deleted)
    {
        var response = Parse<ByQueryResponse>(file);

        Assert.Equal((total, updated, deleted, 0L), (response.Total, response.Updated, response.Deleted, response.VersionConflicts));
        Assert.Equal(-1, response.RequestsPerSecond);
        Assert.Empty(response.Failures);
    }
}
