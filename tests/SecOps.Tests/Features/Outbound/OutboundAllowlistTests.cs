using System.Net;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Outbound;

namespace SecOps.Tests.Features.Outbound;

public sealed class OutboundAllowlistTests
{
    private static OutboundAllowlist Allowlist(bool plainHttp = false, params LoopbackReceiver[] receivers) => new(
        new StaticMonitor(new OutboundOptions { AllowedHosts = ["hooks.example.com", "chat.example.com:8443", "*.soar.example.org"], AllowPlainHttp = plainHttp }),
        new NoStoredOutboundHosts(), receivers);

    [Theory]
    [InlineData("https://hooks.example.com/x")]
    [InlineData("https://HOOKS.example.com/x")]
    [InlineData("https://chat.example.com:8443/x")]
    [InlineData("https://eu.soar.example.org/x")]
    [InlineData("https://a.b.soar.example.org/x")]
    public void AllowlistedTargets_AreAllowed(string target) => Assert.Null(Allowlist().Refusal(new Uri(target), []));

    [Theory]
    [InlineData("https://hooks.example.com:8443/x", "is not on the outbound allowlist")]
    [InlineData("https://chat.example.com/x", "is not on the outbound allowlist")]
    [InlineData("https://soar.example.org/x", "is not on the outbound allowlist")]
    [InlineData("https://evilsoar.example.org/x", "is not on the outbound allowlist")]
    [InlineData("https://hooks.example.com.evil.test/x", "is not on the outbound allowlist")]
    [InlineData("http://hooks.example.com/x", "plain http is not allowed")]
    [InlineData("ftp://hooks.example.com/x", "only http and https")]
    [InlineData("https://u:p@hooks.example.com/x", "credentials")]
    public void OtherTargets_AreRefused_SayingWhy(string target, string why) =>
        Assert.Contains(why, Allowlist().Refusal(new Uri(target), []));

    [Fact]
    public void PlainHttp_WhenAllowed_MeansPort80()
    {
        Assert.Null(Allowlist(plainHttp: true).Refusal(new Uri("http://hooks.example.com/x"), []));
        Assert.NotNull(Allowlist(plainHttp: true).Refusal(new Uri("http://hooks.example.com:443/x"), []));
    }

    [Fact]
    public void LoopbackReceiver_AdmitsItsHostAndItsAddressAndPortOnly()
    {
        var allowlist = Allowlist(false, new LoopbackReceiver("receiver.test", new IPEndPoint(IPAddress.Loopback, 5099)));

        Assert.Null(allowlist.Refusal(new Uri("http://receiver.test:5099/x"), []));
        Assert.Null(allowlist.Refusal("receiver.test", IPAddress.Loopback, 5099));
        Assert.NotNull(allowlist.Refusal("receiver.test", IPAddress.Loopback, 5100));
        Assert.NotNull(allowlist.Refusal("receiver.test", IPAddress.Parse("127.0.0.2"), 5099));
        Assert.NotNull(allowlist.Refusal("receiver.test", IPAddress.Parse("10.0.0.1"), 5099));
        Assert.NotNull(allowlist.Refusal("hooks.example.com", IPAddress.Loopback, 5099));
    }

    [Theory]
    [InlineData("https://stored.example.net/x", "stored.example.net")]
    [InlineData("https://eu.hooks.example.net:8443/x", "*.hooks.example.net:8443")]
    public void StoredEntries_AllowLikeConfiguredOnes(string target, string entry)
    {
        Assert.NotNull(Allowlist().Refusal(new Uri(target), []));
        Assert.Null(Allowlist().Refusal(new Uri(target), [entry]));
    }

    [Fact]
    public void LoopbackReceiverOffTheAllowlist_OpensItsAddressOnly_SoItsHostMustBeAllowlisted()
    {
        var allowlist = Allowlist(false, new LoopbackReceiver("receiver.test", new IPEndPoint(IPAddress.Loopback, 5099)) { OnAllowlist = false });

        Assert.Contains("receiver.test:5099 is not on the outbound allowlist", allowlist.Refusal(new Uri("http://receiver.test:5099/x"), []));
        // Plain http is its way of speaking, allowed for it alone once its host is listed.
        Assert.Null(allowlist.Refusal(new Uri("http://receiver.test:5099/x"), ["receiver.test:5099"]));
        Assert.Contains("plain http", allowlist.Refusal(new Uri("http://other.example.net:5099/x"), ["other.example.net:5099"]));
        Assert.Null(allowlist.Refusal("receiver.test", IPAddress.Loopback, 5099));
    }

    private sealed class StaticMonitor(OutboundOptions value) : IOptionsMonitor<OutboundOptions>
    {
        public OutboundOptions CurrentValue => value;

        public OutboundOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OutboundOptions, string?> listener) => null;
    }
}
