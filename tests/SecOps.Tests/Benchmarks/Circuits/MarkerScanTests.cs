using System.Text;
using SecOps.Benchmarks.Circuits;

namespace SecOps.Tests.Benchmarks.Circuits;

public sealed class MarkerScanTests
{
    [Fact]
    public void Numbers_InUtf8BatchBytes_AreFoundInOrderWithRepeats()
    {
        var bytes = Encoding.UTF8.GetBytes($"\u0003<span class=\"alert-rule\">SQL injection {BoardArrivals.Marker(42)}</span>é{BoardArrivals.Marker(1234567)}\u0001{BoardArrivals.Marker(42)}");

        var found = new List<int>();
        MarkerScan.Numbers(bytes, found.Add);

        Assert.Equal([42, 1234567, 42], found);
    }

    [Fact]
    public void Numbers_CutShortOrWithoutDigits_AreNotFound()
    {
        var bytes = Encoding.UTF8.GetBytes($"{BoardArrivals.Prefix}12x4567 {BoardArrivals.Prefix} {BoardArrivals.Prefix}12345");

        var found = new List<int>();
        MarkerScan.Numbers(bytes, found.Add);

        Assert.Empty(found);
    }
}
