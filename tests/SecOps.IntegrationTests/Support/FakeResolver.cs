using System.Collections.Concurrent;
using System.Net;
using SecOps.Web.Features.Outbound;

namespace SecOps.IntegrationTests.Support;

/// <summary>
/// DNS for outbound tests: each name answers from its queue of answers (the last repeats), so a test can make a name
/// change its answer between the check and the connection. Unknown names have no address.
/// </summary>
public sealed class FakeResolver : IOutboundResolver
{
    private readonly ConcurrentDictionary<string, Queue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Asked { get; } = new();

    public FakeResolver Answer(string host, params string[][] answers)
    {
        _answers[host] = new Queue<IPAddress[]>(answers.Select(a => a.Select(IPAddress.Parse).ToArray()));
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Asked.Enqueue(host);
        if (!_answers.TryGetValue(host, out var queue))
        {
            return Task.FromResult(Array.Empty<IPAddress>());
        }
        lock (queue)
        {
            return Task.FromResult(queue.Count > 1 ? queue.Dequeue() : queue.Peek());
        }
    }
}

/// <summary>
/// The socket dialer for tests: dials loopback only and records every address it was asked for, so a test proves that no
/// connection to a non-loopback address was ever attempted (it fails loudly instead of connecting).
/// </summary>
public sealed class LoopbackOnlyDialer : IOutboundDialer
{
    private readonly SocketOutboundDialer _inner = new();

    public ConcurrentQueue<IPEndPoint> Dialled { get; } = new();

    public ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        Dialled.Enqueue(endpoint);
        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new InvalidOperationException($"The test tried to connect to {endpoint}, which is not loopback.");
        }
        return _inner.ConnectAsync(endpoint, cancellationToken);
    }
}
