using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using SecOps.Web.Hosting;

namespace SecOps.Tests.Hosting;

public sealed class TrustedProxyOptionsTests
{
    [Fact]
    public void NothingConfigured_TrustsNoSource_NotEvenLoopback()
    {
        var forwarded = new ForwardedHeadersOptions();
        Assert.Contains(IPAddress.IPv6Loopback, forwarded.KnownProxies); // ASP.NET Core's own default trusts loopback
        Assert.NotEmpty(forwarded.KnownIPNetworks);
        new TrustedProxyOptions().ApplyTo(forwarded);
        Assert.Empty(forwarded.KnownProxies);
        Assert.Empty(forwarded.KnownIPNetworks);
        // Empty lists alone would make the middleware trust every sender; no header is processed instead.
        Assert.Equal(ForwardedHeaders.None, forwarded.ForwardedHeaders);
    }

    [Fact]
    public void ConfiguredProxiesAndNetworks_AreTheOnlyTrustedSources_CommaSeparatedEntriesIncluded()
    {
        var trusted = new TrustedProxyOptions { KnownProxies = ["10.0.0.5, 10.0.0.6", "::1"], KnownNetworks = ["172.16.0.0/12"] };
        Assert.True(trusted.IsValid(out _));
        var forwarded = new ForwardedHeadersOptions();
        trusted.ApplyTo(forwarded);
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("10.0.0.6"), IPAddress.IPv6Loopback], forwarded.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("172.16.0.0/12")], forwarded.KnownIPNetworks);
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, forwarded.ForwardedHeaders);
    }

    [Fact]
    public void EntriesThatAreNotAddressesOrNetworks_AreInvalid_AndNamed()
    {
        var trusted = new TrustedProxyOptions { KnownProxies = ["proxy.internal"], KnownNetworks = ["10.0.0.0/33"] };
        Assert.False(trusted.IsValid(out var error));
        Assert.Contains("proxy.internal", error);
        Assert.Contains("10.0.0.0/33", error);
    }
}
