using SecOps.Web.Features.Outbound;

namespace SecOps.Tests.Features.Outbound;

public sealed class OutboundHostEntryTests
{
    [Theory]
    [InlineData(" Hooks.Example.COM ", "hooks.example.com")]
    [InlineData("hooks.example.com:8443", "hooks.example.com:8443")]
    [InlineData("*.soar.example.org", "*.soar.example.org")]
    [InlineData("*.soar.example.org:443", "*.soar.example.org:443")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    public void HostNames_AreNormalised(string typed, string stored) => Assert.Equal((stored, null), OutboundHostEntry.Normalize(typed));

    [Theory]
    [InlineData("", "Enter a host name")]
    [InlineData("localhost", "fully qualified")]
    [InlineData("*.com", "at least two parts")]
    [InlineData("*", "not a host name")]
    [InlineData("10.0.0.5", "not an IP address")]
    [InlineData("[::1]", "not an IP address")]
    [InlineData("hooks.example.com:0", "1 to 65535")]
    [InlineData("hooks.example.com:99999", "1 to 65535")]
    [InlineData("https://hooks.example.com/x", "without https://")]
    [InlineData("10.0.0.5:443", "not an IP address")]
    [InlineData("hooks.example.com/path", "not a host name")]
    [InlineData("hooks..example.com", "not a host name")]
    [InlineData("-hooks.example.com", "not a host name")]
    [InlineData("a.*.example.com", "not a host name")]
    [InlineData("hooks.example.com\u202e", "not a host name")]
    public void OtherText_IsRefused_SayingWhy(string typed, string why)
    {
        var (entry, problem) = OutboundHostEntry.Normalize(typed);

        Assert.Null(entry);
        Assert.Contains(why, problem);
    }
}
