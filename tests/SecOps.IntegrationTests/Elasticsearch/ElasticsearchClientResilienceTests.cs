using Polly.CircuitBreaker;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Dsl;

namespace SecOps.IntegrationTests.Elasticsearch;

/// <summary>The client's retries, Retry-After, timeouts, circuit breaker, failover and error typing, against the double over real HTTP.</summary>
public sealed class ElasticsearchClientResilienceTests : IAsyncLifetime
{
    private static readonly SearchRequest MatchAll = new() { Query = Query.MatchAll() };
    private ElasticsearchDouble _node = null!;

    public async Task InitializeAsync()
    {
        _node = await ElasticsearchDouble.StartAsync();
        _node.Index("alerts", "a1", new() { ["@timestamp"] = "2025-01-17T08:00:00.000Z", ["event"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "e1" } }, refresh: true);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Search_After429WithRetryAfter_WaitsAtLeastRetryAfterThenSucceeds()
    {
        using var host = new ElasticsearchClientHost([_node.Uri]);
        _node.Faults.Enqueue(DoubleFault.TooManyRequests(retryAfterSeconds: 1));

        var response = await host.Client.SearchAsync("alerts", MatchAll);

        Assert.Single(response.Hits.Hits);
        var searches = _node.Requests.Where(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], searches.Select(r => r.Status));
        // The base delay is 20 ms; only the Retry-After header explains a gap of about a second.
        Assert.True(searches[1].At - searches[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(searches[1].At - searches[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Search_After503Twice_RetriesAndSucceeds()
    {
        using var host = new ElasticsearchClientHost([_node.Uri]);
        _node.Faults.Enqueue(DoubleFault.ServiceUnavailable(), times: 2);

        var response = await host.Client.SearchAsync("alerts", MatchAll);

        Assert.Single(response.Hits.Hits);
        Assert.Equal([503, 503, 200], _node.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Search_WhenNodeHangsPastTheAttemptTimeout_RetriesAndSucceeds()
    {
        using var host = new ElasticsearchClientHost([_node.Uri], s => s[$"{ElasticsearchOptions.SectionName}:RequestTimeout"] = "00:00:00.500");
        _node.Faults.Enqueue(DoubleFault.Hang(TimeSpan.FromSeconds(10)));

        var response = await host.Client.SearchAsync("alerts", MatchAll);

        Assert.Single(response.Hits.Hits);
        Assert.Equal(2, _node.CountRequests("/_search"));
    }

    [Fact]
    public async Task Search_WithMalformedBody_ThrowsProtocolException()
    {
        using var host = new ElasticsearchClientHost([_node.Uri]);
        _node.Faults.Enqueue(DoubleFault.MalformedBody());

        var error = await Assert.ThrowsAsync<ElasticsearchProtocolException>(() => host.Client.SearchAsync("alerts", MatchAll));

        Assert.Equal(200, error.Status);
    }

    [Fact]
    public async Task Search_Unauthorized_ThrowsTypedSecurityExceptionWithoutRetrying()
    {
        using var host = new ElasticsearchClientHost([_node.Uri]);
        _node.Faults.Enqueue(DoubleFault.Unauthorized(), times: 5);

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => host.Client.SearchAsync("alerts", MatchAll));

        Assert.Equal(401, error.Status);
        Assert.Equal("security_exception", error.Type);
        Assert.True(error.IsAuthenticationFailure);
        Assert.Equal(3, error.Error!.WwwAuthenticate.Count);
        Assert.Equal(1, _node.CountRequests("/_search"));
    }

    [Fact]
    public async Task Search_WithShardFailures_ReturnsHitsAndWarnings()
    {
        using var host = new ElasticsearchClientHost([_node.Uri]);
        _node.Faults.Enqueue(DoubleFault.ShardFailure());

        var response = await host.Client.SearchAsync("alerts", MatchAll);

        Assert.Single(response.Hits.Hits);
        var warning = Assert.Single(response.Warnings);
        Assert.Equal("node_not_connected_exception", warning.Type);
        Assert.Equal("double-node-2", warning.Node);
    }

    [Fact]
    public async Task Search_MissingIndex_ThrowsIndexNotFound()
    {
        using var host = new ElasticsearchClientHost([_node.Uri]);

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => host.Client.SearchAsync("no-such-index", MatchAll));

        Assert.Equal((404, "index_not_found_exception", "no such index [no-such-index]"), (error.Status, error.Type, error.Reason));
        Assert.Equal("index_not_found_exception", Assert.Single(error.RootCauses).Type);
    }

    [Fact]
    public async Task Search_FirstNodeRefusesConnections_FailsOverToTheNext()
    {
        using var host = new ElasticsearchClientHost([ElasticsearchClientHost.DeadNode(), _node.Uri]);

        var first = await host.Client.SearchAsync("alerts", MatchAll);
        var second = await host.Client.SearchAsync("alerts", MatchAll);

        Assert.Single(first.Hits.Hits);
        Assert.Single(second.Hits.Hits);
        Assert.Equal(2, _node.CountRequests("/_search"));
    }

    [Fact]
    public async Task Search_FirstNodeKeepsAnswering503_FailsOverAfterItsRetries()
    {
        await using var failing = await ElasticsearchDouble.StartAsync();
        failing.Faults.Enqueue(DoubleFault.ServiceUnavailable(), times: 100);
        using var host = new ElasticsearchClientHost([failing.Uri, _node.Uri], s => s[$"{ElasticsearchOptions.SectionName}:MaxRetries"] = "1");

        var response = await host.Client.SearchAsync("alerts", MatchAll);

        Assert.Single(response.Hits.Hits);
        Assert.Equal(2, failing.CountRequests("/_search"));
        Assert.Equal(1, _node.CountRequests("/_search"));
    }

    [Fact]
    public async Task Search_RepeatedFailures_OpenTheCircuitAndStopCallingTheNode()
    {
        _node.Faults.Enqueue(DoubleFault.ServiceUnavailable(), times: 1000);
        using var host = new ElasticsearchClientHost([_node.Uri], s =>
        {
            s[$"{ElasticsearchOptions.SectionName}:MaxRetries"] = "0";
            s[$"{ElasticsearchOptions.SectionName}:CircuitBreakerMinimumThroughput"] = "3";
            s[$"{ElasticsearchOptions.SectionName}:CircuitBreakDuration"] = "00:01:00";
        });

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<ElasticsearchException>(() => host.Client.SearchAsync("alerts", MatchAll));
            Assert.Equal(503, error.Status);
        }
        var before = _node.CountRequests("/_search");
        var open = await Assert.ThrowsAsync<ElasticsearchUnavailableException>(() => host.Client.SearchAsync("alerts", MatchAll));

        Assert.IsType<BrokenCircuitException>(Assert.Single(open.NodeFailures));
        Assert.Equal(before, _node.CountRequests("/_search"));
    }

    [Fact]
    public async Task Requests_CarryTheConfiguredApiKey()
    {
        _node.RequiredAuthorization = "ApiKey c2VjcmV0LWlkOnNlY3JldC1rZXk=";
        using var host = new ElasticsearchClientHost([_node.Uri], s => s[$"{ElasticsearchOptions.SectionName}:ApiKey"] = "c2VjcmV0LWlkOnNlY3JldC1rZXk=");

        var info = await host.Client.InfoAsync();

        Assert.Equal("8.17.0", info.Version.Number);
    }
}
