using System.Diagnostics;

namespace SecOps.Benchmarks;

/// <summary>A steady alert stream through <c>POST /api/v1/alerts</c>: NDJSON batches of <see cref="BatchSize"/> at a fixed rate.</summary>
public static class PacedIngest
{
    public const int BatchSize = 10;

    /// <summary>
    /// Posts in flight at most: when the app answers slower than the rate asks, the stream slows to what it takes (the
    /// achieved rate is returned) instead of piling up requests until they time out.
    /// </summary>
    private const int MaxInFlight = 16;

    /// <summary>
    /// Posts batches at <paramref name="rate"/> alerts per second until <paramref name="until"/> completes, calling
    /// <paramref name="posting"/> with each alert's document id and the timestamp just before its batch is posted.
    /// Returns the alerts posted and the seconds the stream ran (every post has succeeded when it returns).
    /// </summary>
    public static async Task<(int Posted, double Seconds)> StreamAsync(
        HttpClient client, AlertDocuments documents, int rate, Task until, Action<string, long> posting)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds((double)BatchSize / rate));
        var posts = new List<Task>();
        var stopwatch = Stopwatch.StartNew();
        while (!until.IsCompleted && await timer.WaitForNextTickAsync())
        {
            if (posts.Count(p => !p.IsCompleted) >= MaxInFlight)
            {
                await Task.WhenAny(posts.Where(p => !p.IsCompleted));
            }
            var now = DateTimeOffset.UtcNow;
            var batch = Enumerable.Range(0, BatchSize).Select(_ => documents.Next(now)).ToList();
            var at = Stopwatch.GetTimestamp();
            foreach (var document in batch)
            {
                posting(document["kibana.alert.uuid"]!.GetValue<string>(), at);
            }
            posts.Add(PostAsync(client, AlertDocuments.ToNdjson(batch)));
        }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        await until;
        await Task.WhenAll(posts);
        return (posts.Count * BatchSize, seconds);
    }

    private static async Task PostAsync(HttpClient client, byte[] body)
    {
        using var response = await client.PostAsync("/api/v1/alerts", AlertDocuments.Content(body));
        response.EnsureSuccessStatusCode();
    }
}
