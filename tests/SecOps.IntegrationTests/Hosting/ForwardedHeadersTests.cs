using SecOps.IntegrationTests.Support;

namespace SecOps.IntegrationTests.Hosting;

/// <summary>
/// A request from loopback claiming, through X-Forwarded-Proto, to have arrived over HTTPS. What the app believes shows in
/// two answers that depend on the request's scheme: HSTS, sent only over HTTPS, and the absolute sign-in redirect
/// (the Host is a public name, since HSTS is never sent to localhost).
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string PublicHost = "secops.example.org";

    [Theory]
    [InlineData(null, null)]
    [InlineData("10.20.30.40", null)]
    [InlineData(null, "192.168.0.0/16")]
    public async Task ForwardedHeaders_FromASourceThatIsNotAConfiguredProxy_AreIgnored(string? proxy, string? network)
    {
        using var app = new SecOpsApp(Settings(proxy, network));
        var (hsts, location) = await AskAsForwardedHttpsAsync(app);
        Assert.Null(hsts);
        Assert.StartsWith($"http://{PublicHost}/account/login", location);
    }

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("10.20.30.40, 127.0.0.1", null)]
    [InlineData(null, "127.0.0.0/8")]
    public async Task ForwardedHeaders_FromAConfiguredProxy_AreHonoured(string? proxy, string? network)
    {
        using var app = new SecOpsApp(Settings(proxy, network));
        var (hsts, location) = await AskAsForwardedHttpsAsync(app);
        Assert.NotNull(hsts);
        Assert.Contains("max-age=", hsts);
        Assert.StartsWith($"https://{PublicHost}/account/login", location);
    }

    private static Dictionary<string, string?> Settings(string? proxy, string? network) => new()
    {
        ["SecOps:ForwardedHeaders:KnownProxies:0"] = proxy,
        ["SecOps:ForwardedHeaders:KnownNetworks:0"] = network,
    };

    private static async Task<(string? Hsts, string Location)> AskAsForwardedHttpsAsync(SecOpsApp app)
    {
        using var client = app.Client(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = PublicHost;
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var hsts = response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(",", values) : null;
        return (hsts, response.Headers.Location!.ToString());
    }
}
