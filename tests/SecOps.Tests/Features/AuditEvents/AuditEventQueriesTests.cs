using System.Text.Json;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Features.AuditEvents;

namespace SecOps.Tests.Features.AuditEvents;

/// <summary>The on-demand Elasticsearch query's shape; the store side and the query against the double are integration tests.</summary>
public sealed class AuditEventQueriesTests
{
    private static readonly DateTimeOffset From = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static JsonElement Body(EventFilter filter) =>
        JsonDocument.Parse(AuditEventQueries.SearchRequest(SourcePresets.EcsAudit, filter).ToJson()).RootElement;

    [Fact]
    public void SearchRequest_FiltersWindowCategoriesAndEntities_ExcludesOwnRecords_NewestFirstBounded()
    {
        var (filter, _) = EventFilter.Create(["alice", "bob\"}]"], ["web-1"], From, From.AddHours(1), 5000);

        var body = Body(filter!);

        var boolQuery = body.GetProperty("query").GetProperty("bool");
        var filters = boolQuery.GetProperty("filter").EnumerateArray().ToList();
        var range = filters[0].GetProperty("range").GetProperty("@timestamp");
        Assert.Equal(("2024-05-01T00:00:00.000Z", "2024-05-01T01:00:00.000Z"), (range.GetProperty("gte").GetString(), range.GetProperty("lte").GetString()));
        Assert.Equal(["iam", "configuration", "authentication"], filters[1].GetProperty("terms").GetProperty("event.category").EnumerateArray().Select(v => v.GetString()));
        var about = filters[2].GetProperty("bool");
        Assert.Equal(1, about.GetProperty("minimum_should_match").GetInt32());
        Assert.Equal(["user.name", "user.target.name", "user.id", "host.name"],
            about.GetProperty("should").EnumerateArray().Select(c => c.GetProperty("terms").EnumerateObject().Single().Name));
        Assert.Equal(["alice", "bob\"}]"], about.GetProperty("should")[0].GetProperty("terms").GetProperty("user.name").EnumerateArray().Select(v => v.GetString()));
        var excluded = boolQuery.GetProperty("must_not")[0].GetProperty("term").GetProperty(OwnAuditRecords.MarkerField);
        Assert.Equal(OwnAuditRecords.MarkerValue, excluded.GetProperty("value").GetString());
        Assert.True(excluded.GetProperty("case_insensitive").GetBoolean());
        Assert.Equal("desc", body.GetProperty("sort")[0].GetProperty("@timestamp").GetProperty("order").GetString());
        Assert.Equal(EventFilter.MaxLimit, body.GetProperty("size").GetInt32());
    }

    [Fact]
    public void SearchRequest_WithoutUsersOrHosts_HasOnlyTheWindowAndCategories()
    {
        var (filter, _) = EventFilter.Create([], [" ", null], From, From.AddDays(1));

        var filters = Body(filter!).GetProperty("query").GetProperty("bool").GetProperty("filter");

        Assert.Equal(2, filters.GetArrayLength());
        Assert.Equal(EventFilter.DefaultLimit, Body(filter!).GetProperty("size").GetInt32());
    }

    [Fact]
    public void Filter_RefusesTooManyOrTooLongValuesAndABackwardWindow()
    {
        Assert.NotNull(EventFilter.Create(Enumerable.Range(0, 101).Select(i => "u" + i), [], From, From).Error);
        Assert.NotNull(EventFilter.Create([], [new string('h', 300)], From, From).Error);
        Assert.NotNull(EventFilter.Create(["alice"], [], From, From.AddSeconds(-1)).Error);
        Assert.Equal(["alice"], EventFilter.Create(["alice", " alice "], [], From, From).Filter!.Users);
    }
}
