using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Outbound;

namespace SecOps.IntegrationTests.Features.Outbound;

/// <summary>
/// PRODUCT.md's outbound rules against a fake resolver and a dialer that only ever dials loopback: internal answers are
/// refused however they arrive (directly, after the check, behind a redirect), and only a receiver the test registers
/// in code (not configuration) is reached.
/// </summary>
public sealed class OutboundClientTests : IAsyncLifetime
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"summary":"payload"}""");
    private readonly FakeResolver _dns = new();
    private readonly LoopbackOnlyDialer _dialer = new();
    private WebhookReceiver _receiver = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _dns.Answer("receiver.test", ["127.0.0.1"]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Allowlisted by the administrator, but each resolves to an address no request may reach.
            ["SecOps:Outbound:AllowedHosts:0"] = "hooks.example.com",
            ["SecOps:Outbound:AllowedHosts:1"] = "*.internal.example.com",
            ["SecOps:Outbound:AllowedHosts:2"] = "receiver.test",
            ["SecOps:Outbound:AllowPlainHttp"] = "true",
            ["SecOps:Outbound:MaxResponseBytes"] = "1000",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IOutboundResolver>(_dns)
            .AddSingleton<IOutboundDialer>(_dialer)
            // The one loopback receiver the app may reach: wired in by the test's own registration.
            .AddSingleton(new LoopbackReceiver("receiver.test", _receiver.Endpoint));
        services.AddSecOpsOutbound();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private OutboundClient Client => _services.GetRequiredService<OutboundClient>();

    private Uri Receiver(string path = "/hook") => new($"http://receiver.test:{_receiver.Endpoint.Port}{path}");

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::")]
    public async Task AllowlistedName_ResolvingToAnInternalAddress_IsRefused_AndNothingIsDialled(string address)
    {
        _dns.Answer("hooks.example.com", [address]);

        var result = await Client.PostJsonAsync(new Uri("https://hooks.example.com/hook"), Payload, CancellationToken.None);

        Assert.True(result.Refused, result.Summary);
        Assert.Null(result.Status);
        Assert.Contains("internal or reserved", result.Error);
        Assert.Empty(_dialer.Dialled);
    }

    [Fact]
    public async Task OneInternalAnswerAmongPublicOnes_RefusesTheName()
    {
        _dns.Answer("hooks.example.com", ["93.184.215.14", "10.0.0.7"]);

        var result = await Client.PostJsonAsync(new Uri("https://hooks.example.com/hook"), Payload, CancellationToken.None);

        Assert.True(result.Refused);
        Assert.Empty(_dialer.Dialled);
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://evil.example.net/hook")]
    [InlineData("https://hooks.example.com:8443/hook")]
    [InlineData("ftp://hooks.example.com/hook")]
    [InlineData("https://user:secret@hooks.example.com/hook")]
    public async Task TargetsOffTheAllowlist_AreRefused_BeforeAnyLookup(string target)
    {
        var result = await Client.PostJsonAsync(new Uri(target), Payload, CancellationToken.None);

        Assert.True(result.Refused, result.Summary);
        Assert.Empty(_dns.Asked);
        Assert.Empty(_dialer.Dialled);
    }

    [Fact]
    public async Task DnsAnswerThatChangesBetweenCheckAndConnect_IsRefusedAtConnectTime()
    {
        // The first answer (the early check) is public; the one the connection would use is loopback.
        _dns.Answer("hooks.example.com", ["93.184.215.14"], ["127.0.0.1"]);

        var result = await Client.PostJsonAsync(new Uri("https://hooks.example.com/hook"), Payload, CancellationToken.None);

        Assert.True(result.Refused, result.Summary);
        Assert.Contains("127.0.0.1 is an internal or reserved address", result.Error);
        Assert.Equal(["hooks.example.com", "hooks.example.com"], _dns.Asked);
        Assert.Empty(_dialer.Dialled);
    }

    [Theory]
    [InlineData("https://meta.internal.example.com/latest/meta-data/", "169.254.169.254")]
    [InlineData("https://hooks.example.com/x", "10.9.8.7")]
    [InlineData("https://hooks.example.com/x", "::ffff:127.0.0.1")]
    [InlineData("https://hooks.example.com/x", "fc00::5")]
    public async Task RedirectToAnAllowlistedNameWithAnInternalAddress_IsRefused(string to, string address)
    {
        _dns.Answer(new Uri(to).Host, [address]);

        var result = await Client.PostJsonAsync(Receiver("/redirect?to=" + Uri.EscapeDataString(to)), Payload, CancellationToken.None);

        Assert.True(result.Refused, result.Summary);
        Assert.Single(_receiver.Requests.Snapshot());
        Assert.All(_dialer.Dialled, e => Assert.Equal(_receiver.Endpoint, e));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://elsewhere.example.org/")]
    public async Task RedirectOffTheAllowlist_IsNotFollowed(string to)
    {
        var result = await Client.PostJsonAsync(Receiver("/redirect?to=" + Uri.EscapeDataString(to)), Payload, CancellationToken.None);

        Assert.True(result.Refused, result.Summary);
        Assert.StartsWith("redirected: ", result.Error);
        Assert.Single(_receiver.Requests.Snapshot());
        Assert.DoesNotContain(_dns.Asked, h => h != "receiver.test");
    }

    [Fact]
    public async Task LoopbackReceiverRegisteredInCode_ReceivesThePayload_AndItsStatusIsReturned()
    {
        var result = await Client.PostJsonAsync(Receiver(), Payload, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.Equal("202 Accepted", result.Summary);
        Assert.Equal("accepted", result.Body);
        var received = Assert.Single(_receiver.Requests.Snapshot());
        Assert.Equal(("POST", "/hook", "application/json; charset=utf-8", """{"summary":"payload"}"""), (received.Method, received.Path, received.ContentType, received.Body));
        Assert.Equal([_receiver.Endpoint], _dialer.Dialled);
    }

    [Fact]
    public async Task RedirectWithinTheReceiver_IsFollowed_AndChecked()
    {
        var result = await Client.PostJsonAsync(Receiver("/redirect?to=/final"), Payload, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.Equal(["/redirect?to=/final", "/final"], _receiver.Requests.Snapshot().Select(r => r.Path));
        Assert.Equal("""{"summary":"payload"}""", _receiver.Requests.Snapshot()[1].Body);
    }

    [Fact]
    public async Task TheReceiverGrant_CoversItsOwnPortOnly()
    {
        var result = await Client.PostJsonAsync(new Uri($"http://receiver.test:{_receiver.Endpoint.Port + 1}/hook"), Payload, CancellationToken.None);

        Assert.True(result.Refused, result.Summary);
        Assert.Empty(_dialer.Dialled);
    }

    [Fact]
    public async Task ResponseBody_IsReadOnlyUpToTheLimit()
    {
        var result = await Client.PostJsonAsync(Receiver("/big"), Payload, CancellationToken.None);

        Assert.Equal(200, result.Status);
        Assert.Equal(new string('x', 1000), result.Body);
    }
}
