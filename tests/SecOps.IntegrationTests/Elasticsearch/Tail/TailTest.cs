using SecOps.IntegrationTests.Elasticsearch.Double;

namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>
/// What every test of an Elasticsearch source starts from: a fresh double with the source's index, and a store directory
/// that outlives app restarts within the test.
/// </summary>
public abstract class TailTest : IAsyncLifetime
{
    protected string Store { get; } = TailApp.NewStoreDirectory();

    protected ElasticsearchDouble Node { get; private set; } = null!;

    /// <summary>The index the tests read; Elastic Security's alert index unless a test class reads another.</summary>
    protected virtual void CreateIndex(ElasticsearchDouble node) => TailApp.CreateAlertIndex(node);

    public async Task InitializeAsync()
    {
        Node = await ElasticsearchDouble.StartAsync();
        CreateIndex(Node);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        TailApp.DeleteStore(Store);
    }
}
