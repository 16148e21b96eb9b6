using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace SecOps.Benchmarks;

/// <summary>
/// One fan-out phase's hub subscribers and what they received. Each subscriber reads from an <c>alerts</c> frame only
/// the sequence numbers and document ids (<see cref="ProbeFrame"/>), so the client side of the shared cores spends as
/// little as it can; latency runs from the moment an alert was handed to the server (posted, or broadcast by the bare
/// hub) to its arrival, on one clock in this process.
/// </summary>
public sealed class FanOutSubscribers : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Sent> _sent = new();
    private readonly List<HubConnection> _connections = [];
    private readonly List<Tally> _tallies = [];
    private long _firstMeasuredAt;
    private long _lastArrivalAt;
    private int _closed;
    private string? _firstCloseReason;

    private FanOutSubscribers()
    {
    }

    private sealed record Sent(long At, bool Measured);

    /// <summary>What the subscribers parse of a frame: the shape of the hub's <c>alerts</c> event, other fields skipped.</summary>
    public sealed record ProbeFrame([property: JsonPropertyName("seq")] long Seq, [property: JsonPropertyName("items")] IReadOnlyList<ProbeItem> Items);

    public sealed record ProbeItem([property: JsonPropertyName("seq")] long Seq, [property: JsonPropertyName("documentId")] string DocumentId);

    /// <summary>Written only by the connection's own handler, which SignalR calls one frame at a time.</summary>
    private sealed class Tally
    {
        public long Received;
        public long OutOfOrder;
        public long LastSeq = long.MinValue;
    }

    public LatencyHistogram Latency { get; } = new();

    public int Count => _connections.Count;

    public int Closed => Volatile.Read(ref _closed);

    /// <summary>Records that an alert is being handed to the server now; only <paramref name="measured"/> ones are counted.</summary>
    public void Sending(string documentId, long at, bool measured)
    {
        if (measured)
        {
            Interlocked.CompareExchange(ref _firstMeasuredAt, at, 0);
        }
        _sent[documentId] = new Sent(at, measured);
    }

    public bool IsMeasured(string documentId) => _sent.TryGetValue(documentId, out var sent) && sent.Measured;

    /// <summary>A hub connection over WebSockets straight away (no negotiation round trip), with an API key when the hub asks for one.</summary>
    public static HubConnection Connection(Uri url, string? apiKey) => new HubConnectionBuilder()
        .WithUrl(url, HttpTransportType.WebSockets, o =>
        {
            o.SkipNegotiation = true;
            if (apiKey is not null)
            {
                o.Headers["Authorization"] = "ApiKey " + apiKey;
            }
        })
        .Build();

    /// <summary>Starts <paramref name="count"/> connections, 16 at a time, each then <paramref name="subscribe"/>d.</summary>
    public static async Task<FanOutSubscribers> ConnectAsync(int count, Func<HubConnection> build, Func<HubConnection, Task> subscribe)
    {
        var subscribers = new FanOutSubscribers();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            var connection = build();
            var tally = new Tally();
            lock (subscribers._connections)
            {
                subscribers._connections.Add(connection);
                subscribers._tallies.Add(tally);
            }
            connection.On<ProbeFrame>("alerts", frame => subscribers.Receive(tally, frame));
            connection.Closed += error =>
            {
                Interlocked.Increment(ref subscribers._closed);
                Interlocked.CompareExchange(ref subscribers._firstCloseReason, error?.Message ?? "closed by the server without an error", null);
                return Task.CompletedTask;
            };
            await gate.WaitAsync();
            try
            {
                await connection.StartAsync();
                await subscribe(connection);
            }
            finally
            {
                gate.Release();
            }
        }));
        return subscribers;
    }

    private void Receive(Tally tally, ProbeFrame frame)
    {
        var now = Stopwatch.GetTimestamp();
        var measured = 0;
        foreach (var item in frame.Items)
        {
            if (item.Seq <= tally.LastSeq)
            {
                tally.OutOfOrder++;
            }
            tally.LastSeq = item.Seq;
            if (_sent.TryGetValue(item.DocumentId, out var sent) && sent.Measured)
            {
                measured++;
                Latency.Record(Stopwatch.GetElapsedTime(sent.At, now).TotalMilliseconds);
            }
        }
        if (measured > 0)
        {
            Interlocked.Add(ref tally.Received, measured);
            var last = Interlocked.Read(ref _lastArrivalAt);
            while (now > last && Interlocked.CompareExchange(ref _lastArrivalAt, now, last) != last)
            {
                last = Interlocked.Read(ref _lastArrivalAt);
            }
        }
    }

    private long Delivered => _tallies.Sum(t => Interlocked.Read(ref t.Received));

    /// <summary>Waits until every subscriber has <paramref name="expected"/> measured alerts, or nothing more arrived for <paramref name="quiet"/>.</summary>
    public async Task WaitForDeliveriesAsync(long expected, TimeSpan quiet)
    {
        var last = -1L;
        var lastChange = Stopwatch.GetTimestamp();
        while (_tallies.Any(t => Interlocked.Read(ref t.Received) < expected) && Stopwatch.GetElapsedTime(lastChange) < quiet)
        {
            await Task.Delay(250);
            if (Delivered != last)
            {
                last = Delivered;
                lastChange = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Prints the phase's figures and returns its deliveries per second (first measured send to last arrival).</summary>
    public double Report(string name, long expected)
    {
        var delivered = Delivered;
        var drops = _tallies.Sum(t => Math.Max(0, expected - Interlocked.Read(ref t.Received)));
        var shortClients = _tallies.Count(t => Interlocked.Read(ref t.Received) < expected);
        var outOfOrder = _tallies.Sum(t => t.OutOfOrder);
        var window = Stopwatch.GetElapsedTime(_firstMeasuredAt, Interlocked.Read(ref _lastArrivalAt)).TotalSeconds;
        var rate = window > 0 ? delivered / window : 0;
        Console.WriteLine($"   {name}: delivered {delivered:N0} of {expected * Count:N0} expected ({expected:N0} alerts x {Count:N0} subscribers); " +
            $"drops {drops:N0} ({shortClients:N0} subscribers short); out of order or repeated {outOfOrder:N0}; connections closed {Closed}" +
            (Volatile.Read(ref _firstCloseReason) is { } reason ? $" (the first: {reason})" : ""));
        Console.WriteLine($"   {name}: {rate:N0} deliveries/s (first measured send -> last arrival, {window:F1} s)");
        Console.WriteLine($"   {name}: send -> subscriber  {Latency.Tail()}");
        return rate;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_connections.Select(c => c.DisposeAsync().AsTask()));
    }
}
