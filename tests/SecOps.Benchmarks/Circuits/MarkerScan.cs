namespace SecOps.Benchmarks.Circuits;

/// <summary>
/// Finds alert numbers (<see cref="BoardArrivals.Prefix"/> and digits) in a render batch's bytes without decoding it:
/// a batch's string table holds every string new to the browser (a row's markup among them) as UTF-8.
/// </summary>
public static class MarkerScan
{
    private static readonly byte[] Prefix = System.Text.Encoding.UTF8.GetBytes(BoardArrivals.Prefix);

    /// <summary>Calls <paramref name="found"/> with each number in <paramref name="bytes"/>, in order, repeats included.</summary>
    public static void Numbers(ReadOnlySpan<byte> bytes, Action<int> found)
    {
        while (true)
        {
            var at = bytes.IndexOf(Prefix);
            if (at < 0)
            {
                return;
            }
            bytes = bytes[(at + Prefix.Length)..];
            if (bytes.Length < BoardArrivals.Digits)
            {
                return;
            }
            var number = 0;
            var digits = 0;
            while (digits < BoardArrivals.Digits && bytes[digits] is >= (byte)'0' and <= (byte)'9')
            {
                number = number * 10 + (bytes[digits] - '0');
                digits++;
            }
            if (digits == BoardArrivals.Digits)
            {
                found(number);
            }
            bytes = bytes[digits..];
        }
    }
}
