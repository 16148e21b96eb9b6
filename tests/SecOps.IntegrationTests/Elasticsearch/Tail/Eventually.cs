namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>Polls a condition until it holds or the timeout passes (an assertion that waits, not a sleep).</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(because());
            }
            await Task.Delay(25);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, Func<string> because, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), because, timeout);
}
