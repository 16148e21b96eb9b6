namespace SecOps.Benchmarks.Circuits;

/// <summary>
/// The alerts of one run, numbered: each carries <see cref="Prefix"/> and its number (<see cref="Digits"/> digits) in its
/// rule name, which the board shows in the row. Holds when each was handed to the server and collects, over every board,
/// when its row first reached one (epoch milliseconds, one clock in this process).
/// </summary>
public sealed class BoardArrivals(int capacity)
{
    public const string Prefix = "zqcb";
    public const int Digits = 7;

    private readonly double[] _sentAtMs = new double[capacity];
    private int _measuredFrom = int.MaxValue;
    private int _measuredTo = int.MaxValue;
    private long _delivered;
    private long _batches;
    private long _batchBytes;

    public int Capacity => capacity;

    public LatencyHistogram Latency { get; } = new();

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Batches => Interlocked.Read(ref _batches);

    public long BatchBytes => Interlocked.Read(ref _batchBytes);

    public static string Marker(int number) => $"{Prefix}{number.ToString("D" + Digits, System.Globalization.CultureInfo.InvariantCulture)}";

    public static double NowMs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    public void Sending(int number, double atMs)
    {
        if ((uint)number < (uint)capacity)
        {
            Volatile.Write(ref _sentAtMs[number], atMs);
        }
    }

    /// <summary>Alerts numbered from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) are the measured ones.</summary>
    public void Measure(int from, int to)
    {
        Volatile.Write(ref _measuredFrom, from);
        Volatile.Write(ref _measuredTo, to);
    }

    public bool IsMeasured(int number) => number >= Volatile.Read(ref _measuredFrom) && number < Volatile.Read(ref _measuredTo);

    public double SentAtMs(int number) => (uint)number < (uint)capacity ? Volatile.Read(ref _sentAtMs[number]) : 0;

    public void Batch(int bytes)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchBytes, bytes);
    }

    /// <summary>A board showed alert <paramref name="number"/> for the first time at <paramref name="atMs"/>.</summary>
    public void Arrived(int number, double atMs)
    {
        var sent = SentAtMs(number);
        if (sent > 0 && IsMeasured(number))
        {
            Interlocked.Increment(ref _delivered);
            Latency.Record(atMs - sent);
        }
    }
}
