using SecOps.IntegrationTests.Elasticsearch.Double;

namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>
/// Keeps the double answering every request with one fault until ended. The length after the tail noticed is
/// <c>SECOPS_TAIL_OUTAGE_MS</c> (default 1,000 ms, at most a couple of seconds in CI; the benchmark runs the long versions).
/// </summary>
public sealed class Outage : IAsyncDisposable
{
    private readonly ElasticsearchDouble _node;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _feeding;

    private Outage(ElasticsearchDouble node, DoubleFault fault)
    {
        _node = node;
        _feeding = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                if (node.Faults.Pending < 4)
                {
                    node.Faults.Enqueue(fault, 4);
                }
                await Task.Delay(10);
            }
        });
    }

    public static TimeSpan Length { get; } = TimeSpan.FromMilliseconds(
        int.TryParse(Environment.GetEnvironmentVariable("SECOPS_TAIL_OUTAGE_MS"), out var ms) && ms > 0 ? ms : 1_000);

    public static Outage Start(ElasticsearchDouble node, DoubleFault fault) => new(node, fault);

    /// <summary>Lets the outage run for <see cref="Length"/> more, then ends it.</summary>
    public Task EndAfterLengthAsync() => EndAfterAsync(Length);

    /// <summary>Lets the outage run for <paramref name="length"/> more, then ends it (the benchmark's long versions).</summary>
    public async Task EndAfterAsync(TimeSpan length)
    {
        await Task.Delay(length);
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _feeding;
            _node.Faults.Clear();
        }
    }
}
