using SecOps.Tests.Support;
using SecOps.Web.Elasticsearch.Responses;
using static SecOps.Tests.Elasticsearch.FixtureParsing;

namespace SecOps.Tests.Elasticsearch;

public sealed class BulkAndErrorFixtureTests
{
    [Fact]
    public void BulkSuccess_ReadsEveryActionWithItsStatus()
    {
        var bulk = Parse<BulkResponse>("docs/bulk_response_success.json");

        Assert.False(bulk.Errors);
        Assert.Equal(["index", "delete", "create", "update"], bulk.Items.Select(i => i.Action));
        Assert.Equal([201, 404, 201, 200], bulk.Items.Select(i => i.Result.Status));
        Assert.Equal(("not_found", 1L, 2L), (bulk.Items[1].Result.Result, bulk.Items[1].Result.SeqNo!.Value, bulk.Items[1].Result.PrimaryTerm!.Value));
        Assert.False(bulk.Items[1].Succeeded);
    }

    [Fact]
    public void BulkWithErrors_ReadsPerItemDocumentMissing()
    {
        var bulk = Parse<BulkResponse>("docs/bulk_response_with_errors.json");

        Assert.True(bulk.Errors);
        Assert.Equal([false, false, true], bulk.Items.Select(i => i.Succeeded));
        var error = bulk.Items[0].Result.Error!;
        Assert.Equal(("document_missing_exception", "[5]: document missing", "index1"), (error.Type, error.Reason, error.Index));
        Assert.Equal("aAsFqTI0Tc2W0LCWgPNrOA", error.Extra!["index_uuid"].GetString());
    }

    [Fact]
    public void BulkFilterPath_ReadsErrorOnlyItems()
    {
        var bulk = Parse<BulkResponse>("docs/bulk_response_filter_path_errors.json");

        Assert.Equal(["[5]: document missing", "[6]: document missing"], bulk.Items.Select(i => i.Result.Error!.Reason));
        Assert.All(bulk.Items, i => Assert.Equal(("update", 0), (i.Action, i.Result.Status)));
    }

    [Theory]
    [InlineData("docs/bulk_response_version_conflict_409_item.json", new[] { 201, 409 })]
    [InlineData("docs/bulk_response_mixed_409_404.json", new[] { 201, 409, 404, 200 })]
    [InlineData("docs/bulk_response_create_delete_notfound.json", new[] { 201, 404 })]
    public void BulkItems_KeepStatusAndVersionConflicts(string file, int[] statuses)
    {
        var bulk = Parse<BulkResponse>(file);

        Assert.Equal(statuses, bulk.Items.Select(i => i.Result.Status));
        Assert.All(bulk.Items.Where(i => i.Result.Status == 409), i =>
            Assert.Equal(("version_conflict_engine_exception", "[1]: version conflict, document already exists (current version [1])"), (i.Result.Error!.Type, i.Result.Error.Reason)));
    }

    [Theory]
    [InlineData("errors/index_not_found_exception_404.json", 404, "index_not_found_exception", "no such index [poop]", "index_not_found_exception")]
    [InlineData("errors/parsing_exception_400.json", 400, "parsing_exception", "[terms] query does not support [ohno]", "parsing_exception")]
    [InlineData("errors/search_phase_execution_exception_400.json", 400, "search_phase_execution_exception", "all shards failed", "script_exception")]
    [InlineData("errors/illegal_argument_exception_400.json", 400, "illegal_argument_exception", "failed to parse setting [timeout] with value [1] as a time value: unit is missing or unrecognized", "illegal_argument_exception")]
    [InlineData("errors/illegal_argument_exception_400_caused_by.json", 400, "illegal_argument_exception", "Failed to parse int parameter [size] with value [surprise_me]", "illegal_argument_exception")]
    [InlineData("errors/illegal_argument_exception_400_error_trace.json", 400, "illegal_argument_exception", "Failed to parse int parameter [size] with value [surprise_me]", "illegal_argument_exception")]
    [InlineData("errors/x_content_parse_exception_400.json", 400, "x_content_parse_exception", "[5:13] [script] failed to parse object", "x_content_parse_exception")]
    [InlineData("errors/resource_not_found_exception_404_async_search.json", 404, "resource_not_found_exception", "FlZlSXp6dkd3UXdHZjhsalVtVHBnYkEdYjNIWDhDOTZRN3ExemdmVkx4RXNQQToxMjc2ODk=", "resource_not_found_exception")]
    [InlineData("errors/security_exception_401_missing_credentials_kibana_issue_71495.json", 401, "security_exception", "missing authentication credentials for REST request [/_xpack]", "security_exception")]
    [InlineData("errors/security_exception_401_missing_token_kibana_issue_9095.json", 401, "security_exception", "missing authentication token for REST request [/.kibana/config/6.0.0-alpha1]", "security_exception")]
    [InlineData("errors/security_exception_403_unauthorized_action_kibana_issue_27218.json", 403, "security_exception", "action [indices:data/read/search] is unauthorized for user [kibuser]", "security_exception")]
    [InlineData("errors/status_exception_409_streams.json", 409, "status_exception", "Cannot enable logs streams: indices named 'logs.otel' or starting with 'logs.otel.' already exist.", "status_exception")]
    public void ErrorBodies_BecomeTypedExceptions(string file, int status, string type, string reason, string rootCauseType)
    {
        var error = Error(file);

        Assert.Equal((status, type, reason), (error.Status, error.Type, error.Reason));
        Assert.Equal(rootCauseType, error.RootCauses[0].Type);
    }

    [Fact]
    public void JsonEofError_StartsWithTheParserMessage()
    {
        var error = Error("errors/json_e_o_f_exception_400.json");

        Assert.Equal((400, "json_e_o_f_exception"), (error.Status, error.Type));
        Assert.StartsWith("Unexpected end-of-input: expected close marker for Object", error.Reason);
    }

    [Fact]
    public void CircuitBreaker_HasNoRootCausesAndIsThrottling()
    {
        var error = Error("errors/circuit_breaking_exception_429.json");

        Assert.Equal((429, "circuit_breaking_exception"), (error.Status, error.Type));
        Assert.True(error.IsThrottled);
        Assert.Empty(error.RootCauses);
        Assert.Equal(123848638, error.Error!.Extra!["bytes_wanted"].GetInt64());
    }

    [Fact]
    public void SearchPhaseError_KeepsFailedShardsAndCauses()
    {
        var error = Error("errors/search_phase_execution_exception_400.json");

        Assert.Equal("query", error.Error!.Phase);
        var shard = Assert.Single(error.Error.FailedShards!);
        Assert.Equal((0, ".kibana_11", "script_exception", "illegal_argument_exception"), (shard.Shard!.Value, shard.Index, shard.Reason!.Type, shard.Reason.CausedBy!.Type));
        Assert.Equal("compile error", error.RootCauses[0].Reason);
    }

    [Fact]
    public void SecurityErrors_ExposeWwwAuthenticateAsStringOrArray()
    {
        Assert.Equal(["Basic realm=\"security\" charset=\"UTF-8\""], Error("errors/security_exception_401_missing_token_kibana_issue_9095.json").Error!.WwwAuthenticate);
        var array = SecOps.Web.Elasticsearch.ElasticsearchException.FromResponse(401,
            """{"error":{"type":"security_exception","reason":"r","header":{"WWW-Authenticate":["Basic realm=\"security\"","ApiKey"]}},"status":401}"""u8);
        Assert.Equal(["Basic realm=\"security\"", "ApiKey"], array.Error!.WwwAuthenticate);
    }

    [Fact]
    public void NonJsonAndStringErrors_AreStillTyped()
    {
        var html = SecOps.Web.Elasticsearch.ElasticsearchException.FromResponse(502, "<html>Bad Gateway</html>"u8);
        var text = SecOps.Web.Elasticsearch.ElasticsearchException.FromResponse(500, """{"error":"boom","status":500}"""u8);

        Assert.Equal((502, "http_error", "<html>Bad Gateway</html>"), (html.Status, html.Type, html.Reason));
        Assert.Equal((500, "error", "boom"), (text.Status, text.Type, text.Reason));
    }

    [Fact]
    public void EveryResponseFixture_IsCoveredByATest()
    {
        string[] requests = ["search/search_request_pit.json", "search/search_request_pit_search_after_next_page.json", "search/close_pit_request.json",
            "search/aggs_requests_docs_ecommerce.json", "search/alerts_terms_agg_by_host_request.json", "docs/update_and_update_by_query_request_examples.json"];
        var thisFolder = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "SecOps.Tests", "Elasticsearch");
        var tests = string.Join("\n", Directory.GetFiles(thisFolder, "*.cs").Select(File.ReadAllText));
        var uncovered = new[] { "search", "errors", "docs", "info" }
            .SelectMany(folder => Directory.GetFiles(SharedFixtures.PathOf(folder), "*.json").Select(f => $"{folder}/{Path.GetFileName(f)}"))
            .Where(f => !requests.Contains(f) && !tests.Contains($"\"{f}\"", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(uncovered);
    }
}
