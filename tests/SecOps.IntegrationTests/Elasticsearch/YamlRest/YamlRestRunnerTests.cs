using SecOps.IntegrationTests.Elasticsearch.Double;

namespace SecOps.IntegrationTests.Elasticsearch.YamlRest;

/// <summary>The runner itself: a wrong expectation fails the case, skip sections skip it, stashed values flow.</summary>
public sealed class YamlRestRunnerTests : IAsyncLifetime
{
    private ElasticsearchDouble _node = null!;
    private HttpClient _http = null!;
    private string _file = null!;

    public async Task InitializeAsync()
    {
        _node = await ElasticsearchDouble.StartAsync();
        _http = new HttpClient { BaseAddress = _node.Uri };
        _file = Path.Combine(Path.GetTempPath(), $"secops-yaml-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(_file, """
            setup:
              - do:
                  index: { index: t, id: "1", refresh: true, body: { n: 5, tag: x } }
            ---
            "passes":
              - do: { search: { index: t, body: { query: { term: { tag: x } } } } }
              - set: { hits.hits.0._id: first }
              - match: { hits.hits.0._id: $first }
              - gt: { hits.hits.0._source.n: 4 }
              - length: { hits.hits: 1 }
            ---
            "fails":
              - do: { search: { index: t } }
              - match: { hits.total.value: 2 }
            ---
            "skipped":
              - skip: { awaits_fix: "https://example.invalid/1", reason: muted }
              - do: { search: { index: t } }
            """);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_file);
        _http.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task Run_ReportsPassedFailedAndSkippedCases()
    {
        var runner = new YamlRestRunner(_http, () => Task.FromResult(_node.Store.DeleteIndices("_all")), new Version(8, 17, 0));

        var results = await runner.RunAsync(YamlSuite.Load(_file));

        Assert.Equal([YamlOutcome.Passed, YamlOutcome.Failed, YamlOutcome.Skipped], results.Select(r => r.Outcome));
        Assert.Contains("expected 2, got 1", results[1].Detail, StringComparison.Ordinal);
    }
}
