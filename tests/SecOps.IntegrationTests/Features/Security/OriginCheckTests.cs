using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR.Client;
using SecOps.IntegrationTests.Support;

namespace SecOps.IntegrationTests.Features.Security;

/// <summary>
/// Issue #12, hardening: the hub and Blazor's circuit refuse a browser page from another origin (cross-site WebSocket
/// hijacking), whatever credentials ride along; the app's own origin and configured ones pass.
/// </summary>
public sealed class OriginCheckTests(OriginCheckTests.App app) : IClassFixture<OriginCheckTests.App>
{
    private const string Foreign = "https://evil.example";
    private const string Partner = "https://wallboard.example.com";

    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Security:AllowedOrigins:0"] = Partner + ", https://other.example.com:8443" });

    private string Own => app.BaseAddress.GetLeftPart(UriPartial.Authority);

    private async Task<HttpStatusCode> NegotiateAsync(string path, string? origin)
    {
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, path + "/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("/hubs/soc")]
    [InlineData("/_blazor")]
    public async Task Negotiate_FromAForeignOrigin_IsRefused(string path) =>
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(path, Foreign));

    [Theory]
    [InlineData("/hubs/soc")]
    [InlineData("/_blazor")]
    public async Task Negotiate_FromTheOwnOrigin_AConfiguredOne_OrWithoutOrigin_IsServed(string path)
    {
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(path, Own));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(path, Partner));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(path, "https://other.example.com:8443"));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(path, null));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("https://evil.example:443.attacker")]
    [InlineData("http://wallboard.example.com")]
    public async Task Negotiate_FromLookAlikeOrOpaqueOrigins_IsRefused(string origin) =>
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("/hubs/soc", origin));

    [Fact]
    public async Task HubConnection_WithAForeignOrigin_IsRefused_EvenWithAValidKey()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/soc"), o =>
            {
                o.Headers["Authorization"] = "ApiKey " + SecOpsApp.BootstrapKey;
                o.Headers["Origin"] = Foreign;
            })
            .Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Theory]
    [InlineData("/hubs/soc")]
    [InlineData("/_blazor")]
    public async Task WebSocketUpgrade_FromAForeignOrigin_IsRefused_WithoutNegotiating(string path)
    {
        var ws = new Uri(new Uri(app.BaseAddress.ToString().Replace("http://", "ws://", StringComparison.Ordinal)), path);
        using var foreign = new ClientWebSocket();
        foreign.Options.CollectHttpResponseDetails = true;
        foreign.Options.SetRequestHeader("Origin", Foreign);
        foreign.Options.SetRequestHeader("Authorization", "ApiKey " + SecOpsApp.BootstrapKey);

        await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(ws, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
    }

    [Fact]
    public async Task WebSocketHub_FromTheOwnOrigin_Connects()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/soc"), Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets, o =>
            {
                o.Headers["Authorization"] = "ApiKey " + SecOpsApp.BootstrapKey;
                o.Headers["Origin"] = Own;
                o.SkipNegotiation = true;
            })
            .Build();

        await connection.StartAsync();

        Assert.Equal(HubConnectionState.Connected, connection.State);
    }
}
